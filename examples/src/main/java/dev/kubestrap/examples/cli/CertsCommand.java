package dev.kubestrap.examples.cli;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.pki.PkiStore;
import picocli.CommandLine.Command;

/** {@code kubestrap certs}: the cluster's certificates in the local state. */
@Command(name = "certs", mixinStandardHelpOptions = true, description = "The cluster's certificates.",
    subcommands = CertsCommand.CheckExpiration.class)
final class CertsCommand {
  private CertsCommand() {}

  /** {@code kubestrap certs check-expiration}: each certificate and CA with its expiry, as kubeadm prints them. */
  @Command(name = "check-expiration", mixinStandardHelpOptions = true,
      description = "List every certificate and CA of the state directory with its expiry and residual time.")
  static final class CheckExpiration extends ClusterCommand {
    @Override
    void run() {
      try (Cluster built = cluster.builder().dryRunBinaries().build()) {
        out().print(PkiStore.at(ClusterOptions.existingPki(built)).checkExpiration().render());
      }
    }
  }
}
