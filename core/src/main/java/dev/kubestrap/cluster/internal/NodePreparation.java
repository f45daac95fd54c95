package dev.kubestrap.cluster.internal;

import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.PutFile;
import dev.kubestrap.plan.RunCommand;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.SwapPolicy;
import dev.kubestrap.transport.FileMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node needs before containerd and the kubelet, which the seed's scripts never did: swap off for good
 * (unless {@link SwapPolicy#KEEP}), the overlay and br_netfilter modules, and the forwarding sysctls. Module
 * loading, swapoff and {@code sysctl --system} may fail inside containers (no module loading, no swap control):
 * such a failure is reported as a warning and the apply goes on. What a host must bring (tools, cgroup v2, free ports) is checked before any host is changed, by
 * the preflight.
 */
public final class NodePreparation {
  /** Kernel modules loaded at boot by systemd-modules-load. */
  public static final String MODULES_FILE = "/etc/modules-load.d/kubestrap.conf";
  /** Sysctls applied at boot by systemd-sysctl. */
  public static final String SYSCTL_FILE = "/etc/sysctl.d/99-kubestrap.conf";

  /** The file whose swap lines are commented out. */
  public static final String FSTAB = "/etc/fstab";

  /** A swap line of fstab: device, mount point, type {@code swap}. */
  private static final String FSTAB_SWAP_LINE =
      "^[^#[:space:]]+[[:space:]]+[^[:space:]]+[[:space:]]+swap([[:space:]]|$)";

  /**
   * Swap units systemd knows (loaded, or with a unit file) that are not masked yet. The pattern matters for speed:
   * without it {@code list-unit-files} works out the state of every unit file before keeping the swap ones (1.5 s
   * on a loaded sandbox host, 22 ms with it), and it runs on every apply as the swap step's guard.
   */
  private static final String UNMASKED_SWAP_UNITS = "{ systemctl list-units --type=swap --all --plain --no-legend"
      + " --no-pager '*.swap'; systemctl list-unit-files --type=swap --plain --no-legend --no-pager '*.swap'; }"
      + " | awk '$2 != \"masked\" && $1 ~ /[.]swap$/ {print $1}' | sort -u";

  /**
   * systemd's unit search path for the system manager (systemd.unit(5)), {@code /lib} for hosts without merged
   * {@code /usr}.
   */
  private static final String UNIT_DIRECTORIES = "/etc/systemd/system.control /run/systemd/system.control"
      + " /run/systemd/transient /run/systemd/generator.early /etc/systemd/system /etc/systemd/system.attached"
      + " /run/systemd/system /run/systemd/system.attached /run/systemd/generator /usr/local/lib/systemd/system"
      + " /usr/lib/systemd/system /lib/systemd/system /run/systemd/generator.late";

  /**
   * Prints the swap unit files in {@link #UNIT_DIRECTORIES} that no mask in {@code /etc} or {@code /run} hides: the
   * guard's cheap first look, with the shell's globbing and {@code test} alone. Only when it prints something does the
   * guard ask systemd ({@link #UNMASKED_SWAP_UNITS}), which costs two {@code systemctl} calls (17 to 21 ms on a sandbox
   * host) on every re-apply of every node otherwise. It can only err towards asking: a mask elsewhere is not seen.
   */
  private static final String SWAP_UNIT_FILES_UNMASKED = "for d in " + UNIT_DIRECTORIES + "; do"
      + " for f in \"$d\"/*.swap; do { [ -e \"$f\" ] || [ -L \"$f\" ]; } || continue; u=${f##*/}"
      + "; [ /etc/systemd/system/\"$u\" -ef /dev/null ] || [ /run/systemd/system/\"$u\" -ef /dev/null ]"
      + " || echo \"$u\"; done; done";

  /** The local unit directory, where a mask goes and where a hand-written unit would stand in its way. */
  private static final String OWN_UNITS = "/etc/systemd/system";

  /** The suffix a hand-written swap unit is renamed to, so it can be masked and still be read. */
  public static final String SET_ASIDE = ".kubestrap-masked";

  private NodePreparation() {}

  /**
   * Turns swap off and keeps it off across reboots, which {@code swapoff -a} alone does not: the fstab lines
   * are commented out (marked {@code #kubestrap:} so a person sees why) and every swap unit is masked, including
   * ones no fstab line made (zram, hand-written units; a unit file in {@code /etc/systemd/system}, where the mask
   * must go, is renamed with {@value #SET_ASIDE} first). {@code swapoff} fails in a container; then the files are
   * still changed and the step reports the failure as a warning. The step is owed while swap is on, an fstab swap
   * line is left or a swap unit file is unmasked; a swap unit without a file does not come back at boot and does not
   * make the step owed by itself.
   */
  static RunCommand turnSwapOff() {
    return RunCommand.builder("turn swap off now and at every boot")
        .shell("status=0; swapoff -a || status=$?"
            + "; if [ -f " + FSTAB + " ]; then sed -i -E 's/(" + FSTAB_SWAP_LINE + ")/#kubestrap: \\1/' "
            + FSTAB + " || status=$?; fi"
            + "; for unit in $(" + UNMASKED_SWAP_UNITS + "); do own=" + OWN_UNITS + "/$unit"
            + "; if [ -f \"$own\" ] && [ ! -L \"$own\" ]; then mv \"$own\" \"$own" + SET_ASIDE + "\" || status=$?; fi"
            + "; systemctl mask \"$unit\" || status=$?; done"
            + "; systemctl daemon-reload || status=$?; exit $status")
        .unless("sh", "-c", "test \"$(wc -l < /proc/swaps)\" -le 1"
            + " && ! grep -Eq '" + FSTAB_SWAP_LINE + "' " + FSTAB + " 2>/dev/null"
            + " && { test -z \"$(" + SWAP_UNIT_FILES_UNMASKED + ")\" || test -z \"$(" + UNMASKED_SWAP_UNITS + ")\"; }")
        .allowFailure()
        .build();
  }

  /** The preparation actions of a node, in order. */
  public static List<Action> actions(ClusterSpec spec, HostSpec host) {
    List<Action> actions = new ArrayList<>();
    if (spec.swap() == SwapPolicy.TURN_OFF) {
      actions.add(turnSwapOff());
    }
    actions.addAll(List.of(
        PutFile.text(MODULES_FILE, "overlay\nbr_netfilter\n", FileMode.of(0644)),
        RunCommand.builder("load the overlay and br_netfilter modules")
            .shell("modprobe overlay && modprobe br_netfilter")
            // what the modules provide, not /sys/module, which a container may not show though the host has them
            .unless("sh", "-c", "grep -qw overlay /proc/filesystems && test -d /proc/sys/net/bridge")
            .allowFailure()
            .build(),
        PutFile.text(SYSCTL_FILE, "net.bridge.bridge-nf-call-iptables = 1\n"
            + "net.bridge.bridge-nf-call-ip6tables = 1\nnet.ipv4.ip_forward = 1\n", FileMode.of(0644)),
        RunCommand.builder("apply the sysctls")
            .command("sysctl", "--system")
            .unless("sh", "-c", "test \"$(cat /proc/sys/net/ipv4/ip_forward)\" = 1"
                + " && test \"$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)\" = 1")
            .allowFailure()
            .build()));
    return List.copyOf(actions);
  }
}
