package dev.kubestrap.plan;

import dev.kubestrap.transport.FileMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The host preparation a Kubernetes node needs before containerd and kubelet start, as plan actions:
 * swap off, the {@code overlay} and {@code br_netfilter} modules loaded where the kernel lets the host
 * load them (not inside most containers: then a warning, not a failure) and listed for boot, the
 * forwarding and bridge sysctls, and the tools kube-proxy and port-forwarding need present.
 * Defaults: modules {@code overlay}, {@code br_netfilter}; tools {@code conntrack}, {@code socat}.
 */
public final class NodePreparation {
  /** Where the module list goes so that the modules load at boot. */
  public static final String MODULES_FILE = "/etc/modules-load.d/kubernetes.conf";
  /** Where the sysctls go so that they survive a reboot. */
  public static final String SYSCTL_FILE = "/etc/sysctl.d/99-kubernetes.conf";

  private final List<String> modules;
  private final List<String> tools;

  private NodePreparation(List<String> modules, List<String> tools) {
    this.modules = List.copyOf(modules);
    this.tools = List.copyOf(tools);
  }

  public static NodePreparation defaults() {
    return new NodePreparation(List.of("overlay", "br_netfilter"), List.of("conntrack", "socat"));
  }

  /** A copy that checks for these tools instead of the defaults. */
  public NodePreparation withTools(String... tools) {
    return new NodePreparation(modules, List.of(tools));
  }

  public List<Action> actions() {
    List<Action> actions = new ArrayList<>();
    actions.add(RunCommand.builder("swap off").command("swapoff", "-a")
        .unless("sh", "-c", "[ -z \"$(swapon --show --noheadings 2>/dev/null)\" ]").build());
    actions.add(PutFile.text(MODULES_FILE, String.join("\n", modules) + "\n", FileMode.of(0644)));
    for (String module : modules) {
      actions.add(RunCommand.builder("load " + module).command("modprobe", module)
          .unless("test", "-d", "/sys/module/" + module).allowFailure().build());
    }
    actions.add(PutFile.text(SYSCTL_FILE, "net.ipv4.ip_forward = 1\n"
        + "net.bridge.bridge-nf-call-iptables = 1\n"
        + "net.bridge.bridge-nf-call-ip6tables = 1\n", FileMode.of(0644)));
    actions.add(RunCommand.builder("enable IP forwarding").command("sysctl", "-w", "net.ipv4.ip_forward=1")
        .unless("sh", "-c", "[ \"$(cat /proc/sys/net/ipv4/ip_forward)\" = 1 ]").build());
    actions.add(RunCommand.builder("bridge sysctls").command("sysctl", "-p", SYSCTL_FILE).allowFailure().build());
    for (String tool : tools) {
      actions.add(RunCommand.builder(tool + " present").command("sh", "-c", "command -v " + tool).build());
    }
    return List.copyOf(actions);
  }
}
