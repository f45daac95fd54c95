package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.BinarySourceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A binary directory that cannot serve the cluster is refused by {@link ClusterBuilder#build()}, naming the field and
 * the directory, before any host is contacted (the preflight would otherwise reach every host first).
 */
class BinaryDirectoryCheckTest {
  @TempDir
  Path tmp;

  private final List<String> contacted = new ArrayList<>();

  private ClusterBuilder lab(Path programs) {
    return ClusterBuilder.named("lab").master(Host.ssh("10.1.0.15")).worker(Host.ssh("10.1.0.16"))
        .stateDir(tmp.resolve("state")).binaries(BinarySource.directory(programs))
        .transports(host -> {
          contacted.add(host.toString());
          throw new AssertionError("a host was contacted: " + host);
        });
  }

  private void assertRefused(ClusterBuilder builder, String... message) {
    assertThatThrownBy(() -> builder.build().apply()).isInstanceOf(BinarySourceException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains(message));
    assertThat(contacted).as("hosts contacted").isEmpty();
  }

  @Test
  void aMissingDirectoryIsRefused() {
    Path missing = tmp.resolve("no-such-programs");

    assertRefused(lab(missing), "binaries: directory " + missing + " does not exist");
  }

  @Test
  void aFileIsRefused() throws Exception {
    Path file = Files.writeString(tmp.resolve("programs.tar"), "not a directory");

    assertRefused(lab(file), "binaries: directory " + file + " is not a directory");
  }

  @Test
  void aDirectoryWithoutTheKubeletIsRefused() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    assertRefused(lab(empty), "binaries: directory " + empty + " has no kubelet 1.36.0 amd64",
        "expected " + empty.resolve("kubelet"), "manifest.tsv");
  }

  @Test
  void theYamlDoorIsCheckedToo() {
    Path missing = tmp.resolve("gone");
    ClusterBuilder fromYaml = ClusterBuilder.fromYaml("""
        hosts:
          - {name: master, address: 10.1.0.15, roles: [master]}
        binaries: {directory: %s}
        """.formatted(missing)).transports(host -> {
          contacted.add(host.toString());
          throw new AssertionError("a host was contacted: " + host);
        });

    assertRefused(fromYaml, "binaries: directory " + missing + " does not exist");
  }

  @Test
  void aDirectoryWithTheKubeletBuildsAndADryRunNeedsNone() throws Exception {
    Path programs = Files.createDirectories(tmp.resolve("programs"));
    Files.writeString(programs.resolve("kubelet"), "#!/bin/sh\n");

    try (Cluster cluster = lab(programs).build()) {
      assertThat(cluster.spec().hosts()).hasSize(2);
    }
    try (Cluster dryRun = lab(tmp.resolve("absent")).dryRunBinaries().build()) {
      assertThat(dryRun.plan().hosts()).hasSize(2);
    }
    assertThat(contacted).isEmpty();
  }
}
