package dev.kubestrap.examples.cluster;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.spec.ClusterSpec;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The dry run of the seed scripts' two-node cluster (master 10.1.0.15 with etcd, node 10.1.0.16): the exact file
 * trees each host would receive, written without contacting any host and without downloading anything.
 */
public final class SeedClusterPlan {
  private SeedClusterPlan() {}

  /**
   * Writes the plan of the seed cluster under {@code output} ({@code <host>/...} trees, {@code SUMMARY.md},
   * {@code plan.json}) with the local state (PKI, encryption key) in {@code output/state}, and prints the summary.
   */
  public static ClusterPlan writeTo(Path output, PrintStream out) {
    Path planDir = output.resolve("plan");
    // tag::dry-run[]
    try (Cluster cluster = ClusterBuilder.fromSpec(ClusterSpec.seedDefault())
        .stateDir(output.resolve("state"))   // PKI and encryption key stay here, not in ~/.kubestrap
        .dryRunBinaries()                    // nothing is downloaded: pinned binaries listed, others named below
        .build()) {
      ClusterPlan plan = cluster.plan();     // contacts no host
      plan.writeTo(planDir);                 // each host's exact tree, SUMMARY.md, plan.json
      // end::dry-run[]
      out.println(plan.summary());
      if (!cluster.unresolvedBinaries().isEmpty()) {
        out.println("Binaries not in this dry run (their sha256 is known only after download):");
        cluster.unresolvedBinaries().forEach(u -> out.println("  " + u));
        out.println();
      }
      out.println("Wrote the plan of " + plan.hosts().size() + " hosts (" + plan.actionCount() + " actions) to "
          + planDir.toAbsolutePath().normalize());
      out.println("Local state (PKI, encryption key) in " + cluster.stateDir());
      return plan;
    }
  }
}
