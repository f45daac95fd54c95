package dev.kubestrap.e2e;

import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The network link of one sandbox host, from this machine's side: the veth {@code vb-<machine>} that
 * systemd-nspawn puts on the sandbox's bridge. Test-only faults on it: a slow link ({@code tc} token bucket on
 * the traffic towards the host, i.e. uploads) and a cut link (the veth down). Touches nothing but that veth.
 */
final class HostLink {
  private final String device;

  private HostLink(String device) {
    this.device = device;
  }

  /** The link of {@code host}; the sandbox names its machines {@code ks<id>-<n>}, n counted from 1 in host order. */
  static HostLink of(Sandbox sandbox, SandboxHost host) {
    int index = sandbox.hosts().indexOf(host);
    HostLink link = new HostLink("vb-ks" + sandbox.id() + "-" + (index + 1));
    link.run("ip", "link", "show", "dev", link.device);
    return link;
  }

  /** Uploads to the host go at most {@code rate} (a {@code tc} rate, e.g. {@code 16mbit}). */
  void throttle(String rate) {
    run("tc", "qdisc", "replace", "dev", device, "root", "tbf", "rate", rate, "burst", "64kb", "latency", "5s");
  }

  /** Back to full speed. */
  void unthrottle() {
    runAllowingFailure("tc", "qdisc", "del", "dev", device, "root");
  }

  /** Nothing goes through any more, either way; connections stay open on both ends. */
  void cut() {
    run("ip", "link", "set", "dev", device, "down");
  }

  void restore() {
    run("ip", "link", "set", "dev", device, "up");
  }

  private void run(String... argv) {
    String output = runAllowingFailure(argv);
    if (output != null) {
      throw new IllegalStateException(String.join(" ", argv) + " failed: " + output);
    }
  }

  /** Null on success, the output otherwise. */
  private static String runAllowingFailure(String... argv) {
    try {
      Process process = new ProcessBuilder(new ArrayList<>(List.of(argv))).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "timed out";
      }
      return process.exitValue() == 0 ? null : "exit code " + process.exitValue() + ": " + output.strip();
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  @Override
  public String toString() {
    return "HostLink[" + device + "]";
  }
}
