package dev.kubestrap.examples;

import dev.kubestrap.apply.ApplyEvent;
import dev.kubestrap.cluster.ClusterEvent;
import dev.kubestrap.cluster.ClusterListener;
import dev.kubestrap.plan.HostId;
import java.io.PrintStream;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A console progress line for a {@link dev.kubestrap.cluster.Cluster}: per host, the phase, the step it is on and
 * the bytes sent to it so far. On a terminal the line is rewritten in place; otherwise (a pipe, a CI log) a line is
 * printed when a host starts or finishes a phase. Other events (add-on objects, verification, reset) get a line of
 * their own. Thread-safe: the hosts of a phase report at once.
 */
public final class ConsoleProgress implements ClusterListener {
  private final PrintStream out;
  private final boolean terminal;
  private final Map<HostId, HostState> hosts = new TreeMap<>();
  private int lastWidth;

  private static final class HostState {
    String phase = "";
    String step = "";
    long bytes;
  }

  /** Writes to {@code out}; {@code terminal} rewrites one line in place with carriage returns. */
  public ConsoleProgress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Standard output, rewritten in place when it is a terminal. */
  public static ConsoleProgress toConsole() {
    return new ConsoleProgress(System.out, System.console() != null);
  }

  @Override
  public synchronized void onEvent(ClusterEvent event) {
    if (!(event instanceof ClusterEvent.HostProgress progress)) {
      printLine(event.describe());
      return;
    }
    ApplyEvent step = progress.event();
    if (step instanceof ApplyEvent.HostStarted started) {
      HostState host = hosts.computeIfAbsent(started.host(), id -> new HostState());
      host.phase = started.phase().label();
      host.step = "started";
      show(true);
    } else if (step instanceof ApplyEvent.ActionStarted action) {
      host(action.host()).step = action.action().describe().replaceAll("\\s+", " ");
      show(false);
    } else if (step instanceof ApplyEvent.BytesSent sent) {
      host(sent.host()).bytes += sent.bytes();
      show(false);
    } else if (step instanceof ApplyEvent.HostFinished finished) {
      host(finished.host()).step = finished.completed() ? "done" : "stopped";
      show(true);
    } else if (step instanceof ApplyEvent.ActionFailed || step instanceof ApplyEvent.Warning
        || step instanceof ApplyEvent.ApplyStarted || step instanceof ApplyEvent.ApplyFinished) {
      printLine(event.describe());
    }
  }

  /** The progress line: {@code master etcd: put /opt/etcd/etcd (12.0 MiB sent) | node-1 ...}. */
  synchronized String line() {
    StringJoiner line = new StringJoiner(" | ");
    hosts.forEach((id, host) -> line.add(id.name() + " " + host.phase + ": " + host.step + " ("
        + mebibytes(host.bytes) + " sent)"));
    return line.toString();
  }

  private HostState host(HostId id) {
    return hosts.computeIfAbsent(id, key -> new HostState());
  }

  private void show(boolean milestone) {
    if (terminal) {
      String line = line();
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
      out.flush();
    } else if (milestone) {
      out.println(line());
    }
  }

  private void printLine(String text) {
    if (terminal && lastWidth > 0) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      lastWidth = 0;
    }
    out.println(text);
  }

  private static String mebibytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
