package dev.kubestrap.examples;

import dev.kubestrap.examples.cluster.SeedClusterPlan;
import java.nio.file.Path;

/**
 * The dry run of the seed's two-node cluster as a program ({@code mvn -pl examples exec:java}; the README's first
 * command does the same through the {@code kubestrap} command line). Writes each host's exact file tree, a
 * summary and the local state (PKI, encryption key) under {@code ./out/seed-cluster} (or the directory given as
 * the first argument) and prints the summary. No host is contacted and nothing is downloaded; running it again
 * reuses the PKI and rewrites the same plan.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    SeedClusterPlan.writeTo(Path.of(args.length > 0 ? args[0] : "out/seed-cluster"), System.out);
  }
}
