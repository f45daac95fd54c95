package dev.kubestrap.examples.cli;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ResetOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubestrap reset}: removes what kubestrap placed on the hosts. */
@Command(name = "reset", mixinStandardHelpOptions = true,
    description = "Return each host to how it was: services, files and network state kubestrap made are removed.")
final class ResetCommand extends ClusterCommand {
  @Option(names = "--delete-data", description = "delete data directories too (etcd's data)")
  boolean deleteData;

  @Override
  void run() {
    try (Cluster built = cluster.build()) {
      if (deleteData) {
        built.reset(ResetOption.DELETE_DATA);
      } else {
        built.reset();
      }
      out().println("cluster " + built.spec().name() + " reset");
    }
  }
}
