package dev.kubestrap.examples.cli;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterReport;
import picocli.CommandLine.Command;

/** {@code kubestrap apply}: installs the cluster, idempotently, with a progress line per host. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Install or update the cluster on its hosts; a second run of the same spec changes nothing.")
final class ApplyCommand extends ClusterCommand {
  @Override
  void run() {
    try (Cluster built = cluster.build()) {
      ClusterReport report = built.apply();
      out().println(report);
    }
  }
}
