package dev.kubestrap.cluster;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.ForwardingTransport;
import dev.kubestrap.transport.Tunnel;
import dev.kubestrap.transport.local.LocalTransport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Test-only stand-in for a host: files go to a {@link LocalTransport} rooted in a directory, but commands are
 * recorded and answered instead of being run on this machine (where {@code swapoff} or {@code sysctl} would act on
 * the test machine). Guards ({@code test ...}, {@code grep -q ...}) answer "not yet", everything else (preparation commands, health
 * checks) succeeds, unless a command matches {@link #failWhen}. A tunnel to a port reaches a {@link StandInEndpoint}
 * that serves it with the certificates placed in this host's root; it is recorded as {@code tunnel <port>}.
 */
final class StandInHost extends ForwardingTransport {
  final List<String> commands = new CopyOnWriteArrayList<>();
  private volatile Predicate<String> failing = c -> false;
  private volatile String failureMessage = "";
  private volatile String extraFacts = "";

  StandInHost(Path root) {
    super(LocalTransport.rootedAt(root));
  }

  /** Commands whose joined argv matches {@code match} exit 1 with {@code stderr}. */
  StandInHost failWhen(Predicate<String> match, String stderr) {
    this.failing = match;
    this.failureMessage = stderr;
    return this;
  }

  /** Facts the preflight probe finds on this host beyond {@link #READY_HOST_FACTS}, one per line. */
  StandInHost withFacts(String lines) {
    this.extraFacts = lines;
    return this;
  }

  Path root() {
    return ((LocalTransport) delegate()).root().orElseThrow();
  }

  @Override
  public Tunnel tunnel(int port) {
    commands.add("tunnel " + port);
    return StandInEndpoint.serve(root(), port);
  }

  /** What the preflight probe finds on a stand-in host: a ready systemd machine on cgroup v2 with every tool. */
  static final String READY_HOST_FACTS = "hostname stand-in\nmachine-id %s\n"
      + "tool iptables\ntool iptables-restore\ntool ip6tables\ntool nft\ntool ipset\ntool mount\ntool losetup\n"
      + "tool cp\ntool systemctl\ntool modprobe\ntool sysctl\ntool swapoff\ncgroup cgroup2fs\n"
      + "bridge-netfilter\noverlayfs\n";

  @Override
  public ExecResult exec(Command command) {
    String line = String.join(" ", command.argv());
    commands.add(line);
    if (failing.test(line)) {
      return new ExecResult(1, "", failureMessage);
    }
    if (line.contains("echo \"machine-id ")) {
      return new ExecResult(0, READY_HOST_FACTS.formatted(Integer.toHexString(root().hashCode())) + extraFacts, "");
    }
    boolean guard = command.argv().get(0).equals("test")
        || command.argv().get(0).equals("sh") && command.argv().size() > 2
            && (command.argv().get(2).startsWith("test ") || command.argv().get(2).startsWith("grep -q"));
    return new ExecResult(guard ? 1 : 0, "", "");
  }
}
