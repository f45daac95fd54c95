package dev.kubestrap.apply;

import dev.kubestrap.plan.HostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Counts what one host's runs did. A host is worked on by one thread at a time, except for file
 * placements, which may run on several threads and count through the synchronized methods; phases are
 * separated by waiting on their futures, so plain fields are safely published.
 */
final class HostTally {
  final HostId host;
  /** The transport's target once connected; until then the host's name. */
  String target;
  /** The actions this host's workers are in, as one-line descriptions, the earliest started first. */
  final Set<String> current = Collections.synchronizedSet(new LinkedHashSet<>());
  long bytesSent;
  int filesSent;
  int filesSkipped;
  int filesFetched;
  int directoriesCreated;
  int commandsRun;
  final List<String> started = new ArrayList<>();
  final List<String> restarted = new ArrayList<>();
  long busyNanos;

  HostTally(HostId host) {
    this.host = host;
    this.target = host.name();
  }

  synchronized void fileSent(long bytes) {
    filesSent++;
    bytesSent += bytes;
  }

  /** A binary the host placed itself (fetched or copied): changed, but nothing sent to it. */
  synchronized void fileFetched() {
    filesFetched++;
  }

  synchronized void fileSkipped() {
    filesSkipped++;
  }

  /** The earliest started action still in progress, if any. */
  Optional<String> inProgress() {
    synchronized (current) {
      return current.stream().findFirst();
    }
  }

  synchronized HostReport report() {
    return new HostReport(host, target, bytesSent, filesSent, filesSkipped, filesFetched, directoriesCreated, commandsRun,
        started, restarted, Duration.ofNanos(busyNanos));
  }
}
