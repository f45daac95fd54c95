package dev.kubestrap.examples.cli;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.kubeconfig.CurrentContext;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubestrap kubeconfig}: merges the cluster's admin context into a kubeconfig file. */
@Command(name = "kubeconfig", mixinStandardHelpOptions = true,
    description = "Write or merge the cluster's admin context into a kubeconfig file; contacts no host.")
final class KubeconfigCommand extends ClusterCommand {
  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "the file to write or merge into (default: ~/.kube/config)")
  Path file = Path.of(System.getProperty("user.home"), ".kube", "config");

  @Option(names = "--use-context", description = "make the cluster's context the file's current-context")
  boolean useContext;

  @Override
  void run() {
    try (Cluster built = cluster.builder().dryRunBinaries().build()) {
      ClusterOptions.existingPki(built);
      String context = built.mergeKubeconfigInto(file,
          useContext ? CurrentContext.FROM_INCOMING : CurrentContext.UNCHANGED);
      out().println("context " + context + " in " + file.toAbsolutePath().normalize());
    }
  }
}
