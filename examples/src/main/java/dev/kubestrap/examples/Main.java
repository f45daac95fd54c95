package dev.kubestrap.examples;

import dev.kubestrap.examples.pki.SeedClusterPki;
import java.nio.file.Path;

/**
 * The README's main job: writes the complete PKI of the seed's two-node cluster to {@code ./out/seed-cluster/pki}
 * (relative to the working directory) and prints what was made. Running it again reuses what is there.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Path output = Path.of(args.length > 0 ? args[0] : "out/seed-cluster").resolve("pki");
    SeedClusterPki.writeTo(output, System.out);
  }
}
