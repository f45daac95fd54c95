package dev.kubestrap.examples.cli;

import dev.kubestrap.cluster.Cluster;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubestrap verify}: waits for nodes, system pods, a smoke pod and DNS. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Wait until nodes are Ready, kube-system pods are Ready, a smoke pod runs and DNS answers.")
final class VerifyCommand extends ClusterCommand {
  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT5M",
      description = "how long to wait, as an ISO-8601 duration (default: ${DEFAULT-VALUE})")
  Duration timeout;

  @Override
  void run() {
    try (Cluster built = cluster.build()) {
      built.verify(timeout);
      out().println("cluster " + built.spec().name() + " verified");
    }
  }
}
