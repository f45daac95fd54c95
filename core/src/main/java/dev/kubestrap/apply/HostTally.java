package dev.kubestrap.apply;

import dev.kubestrap.plan.HostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts what one host's runs did. A host is worked on by one thread at a time, except for file
 * placements, which may run on several threads and count through the synchronized methods; phases are
 * separated by waiting on their futures, so plain fields are safely published.
 */
final class HostTally {
  final HostId host;
  /** The transport's target once connected; until then the host's name. */
  String target;
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

  synchronized HostReport report() {
    return new HostReport(host, target, bytesSent, filesSent, filesSkipped, filesFetched, directoriesCreated, commandsRun,
        started, restarted, Duration.ofNanos(busyNanos));
  }
}
