package dev.kubestrap.apply;

import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one apply: total and per-phase wall time, and per host what was sent and restarted.
 * An unchanged re-apply reports {@code bytesSent() == 0} and no restarted services.
 */
public record ApplyReport(
    String cluster, boolean succeeded, Duration duration, Map<Phase, Duration> phases, List<HostReport> hosts) {

  public ApplyReport {
    phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    hosts = List.copyOf(hosts);
  }

  public long bytesSent() {
    return hosts.stream().mapToLong(HostReport::bytesSent).sum();
  }

  public int filesSent() {
    return hosts.stream().mapToInt(HostReport::filesSent).sum();
  }

  /** Binaries the hosts placed themselves, not sent from this machine. */
  public int filesFetched() {
    return hosts.stream().mapToInt(HostReport::filesFetched).sum();
  }

  public int filesSkipped() {
    return hosts.stream().mapToInt(HostReport::filesSkipped).sum();
  }

  /** Every restart, as {@code host/unit}. */
  public List<String> servicesRestarted() {
    return hosts.stream()
        .flatMap(h -> h.servicesRestarted().stream().map(unit -> h.host().name() + "/" + unit))
        .toList();
  }

  public Optional<HostReport> host(HostId host) {
    return hosts.stream().filter(h -> h.host().equals(host)).findFirst();
  }

  /** A few readable lines: totals, then one line per host. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder()
        .append("apply of ").append(cluster).append(succeeded ? " succeeded" : " stopped")
        .append(" in ").append(duration.toMillis()).append(" ms: ")
        .append(bytesSent()).append(" bytes, ").append(filesSent()).append(" files sent, ")
        .append(filesSkipped()).append(" up to date, ")
        .append(servicesRestarted().size()).append(" restarts\n");
    for (HostReport host : hosts) {
      text.append("  ").append(host.host()).append(" (").append(host.target()).append("): ")
          .append(host.bytesSent()).append(" bytes, ").append(host.filesSent()).append(" sent, ")
          .append(host.filesSkipped()).append(" skipped, started ").append(host.servicesStarted())
          .append(", restarted ").append(host.servicesRestarted()).append('\n');
    }
    return text.toString();
  }
}
