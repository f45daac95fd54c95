package dev.kubestrap.apply;

import dev.kubestrap.plan.HostId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an apply did on one host, over all phases.
 *
 * @param filesSent files, binaries and units whose content was sent
 * @param filesSkipped files, binaries and units already up to date
 * @param filesFetched binaries the host placed itself (downloaded or copied, see {@link BinaryDelivery}): changed,
 *     but not sent from this machine
 * @param busy time spent on this host's actions, summed over phases
 */
public record HostReport(
    HostId host,
    String target,
    long bytesSent,
    int filesSent,
    int filesSkipped,
    int filesFetched,
    int directoriesCreated,
    int commandsRun,
    List<String> servicesStarted,
    List<String> servicesRestarted,
    Duration busy) {

  public HostReport {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(target, "target");
    servicesStarted = List.copyOf(servicesStarted);
    servicesRestarted = List.copyOf(servicesRestarted);
    Objects.requireNonNull(busy, "busy");
  }
}
