package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.cluster.internal.LocalState;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.spec.ClusterSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry run's review tree, which people copy, attach and commit, holds no key material. */
class DryRunRedactionTest {
  @TempDir
  Path tmp;

  private static List<Path> files(Path root) throws Exception {
    try (Stream<Path> tree = Files.walk(root)) {
      return tree.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void theReviewTreeHoldsNoPrivateKeyAndNoEncryptionKey() throws Exception {
    Path state = tmp.resolve("state");
    Path out = tmp.resolve("out");
    try (Cluster cluster = ClusterBuilder.fromSpec(ClusterSpec.seedDefault()).stateDir(state).dryRunBinaries().build()) {
      cluster.plan().writeTo(out);
    }
    String encryptionKey = Files.readString(state.resolve(LocalState.ENCRYPTION_KEY)).strip();

    List<Path> written = files(out);
    assertThat(written).hasSizeGreaterThan(40);
    for (Path file : written) {
      String text = Files.readString(file, StandardCharsets.ISO_8859_1);
      assertThat(text).as(out.relativize(file).toString()).doesNotContain("PRIVATE KEY", encryptionKey,
          "client-key-data");
    }
    Path caKey = out.resolve("10.1.0.15/opt/kube-controller-manager/ca-key.pem");
    assertThat(Files.readString(caKey)).startsWith("# redacted by kubestrap: /opt/kube-controller-manager/ca-key.pem "
        + "holds key material\n# sha256 ").contains(" bytes, mode 0600\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(caKey))).isEqualTo("rw-------");
    assertThat(Files.readString(out.resolve("10.1.0.15/opt/kube-apiserver/encryption-config.yaml")))
        .startsWith("# redacted by kubestrap");
    assertThat(Files.readString(out.resolve("10.1.0.15/opt/kube-apiserver/ca.pem"))).startsWith("-----BEGIN CERTIFICATE");
    assertThat(Files.readString(out.resolve("SUMMARY.md"))).contains("## Key material", "are placeholders");
    // the real key material stays in the state directory
    assertThat(Files.readString(state.resolve("pki/ca-key.pem"))).contains("PRIVATE KEY");
  }

  @Test
  void theRealBytesAreWrittenOnlyWhenAskedFor() throws Exception {
    Path out = tmp.resolve("out");
    try (Cluster cluster = ClusterBuilder.fromSpec(ClusterSpec.seedDefault()).stateDir(tmp.resolve("state"))
        .dryRunBinaries().build()) {
      cluster.plan().writeTo(out, ClusterPlan.WriteOption.INCLUDE_SECRETS);
    }

    assertThat(Files.readString(out.resolve("10.1.0.15/opt/kube-controller-manager/ca-key.pem"))).contains("PRIVATE KEY");
  }
}
