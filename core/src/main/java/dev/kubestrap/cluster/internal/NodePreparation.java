package dev.kubestrap.cluster.internal;

import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.PutFile;
import dev.kubestrap.plan.RunCommand;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.transport.FileMode;
import java.util.List;

/**
 * What a node needs before containerd and the kubelet, which the seed's scripts never did: swap off, the overlay
 * and br_netfilter modules, and the forwarding sysctls. Module loading, swapoff and {@code sysctl --system} may
 * fail inside containers (no module loading, no swap control): such a failure is reported as a warning and the
 * apply goes on. What a host must bring (tools, cgroup v2, free ports) is checked before any host is changed, by
 * the preflight.
 */
public final class NodePreparation {
  /** Kernel modules loaded at boot by systemd-modules-load. */
  public static final String MODULES_FILE = "/etc/modules-load.d/kubestrap.conf";
  /** Sysctls applied at boot by systemd-sysctl. */
  public static final String SYSCTL_FILE = "/etc/sysctl.d/99-kubestrap.conf";

  private NodePreparation() {}

  /** The preparation actions of a node, in order. */
  public static List<Action> actions(HostSpec host) {
    return List.of(
        RunCommand.builder("turn swap off")
            .command("swapoff", "-a")
            .unless("sh", "-c", "test \"$(wc -l < /proc/swaps)\" -le 1")
            .allowFailure()
            .build(),
        PutFile.text(MODULES_FILE, "overlay\nbr_netfilter\n", FileMode.of(0644)),
        RunCommand.builder("load the overlay and br_netfilter modules")
            .shell("modprobe overlay && modprobe br_netfilter")
            .unless("sh", "-c", "test -d /sys/module/overlay && test -d /sys/module/br_netfilter")
            .allowFailure()
            .build(),
        PutFile.text(SYSCTL_FILE, "net.bridge.bridge-nf-call-iptables = 1\n"
            + "net.bridge.bridge-nf-call-ip6tables = 1\nnet.ipv4.ip_forward = 1\n", FileMode.of(0644)),
        RunCommand.builder("apply the sysctls")
            .command("sysctl", "--system")
            .unless("sh", "-c", "test \"$(cat /proc/sys/net/ipv4/ip_forward)\" = 1"
                + " && test \"$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)\" = 1")
            .allowFailure()
            .build());
  }
}
