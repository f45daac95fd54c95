package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.kubeconfig.CurrentContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster's context written into a user's kubeconfig file, read back by the real kubectl. */
class ClusterKubeconfigTest {
  private static final String OTHER = """
      apiVersion: v1
      kind: Config
      clusters:
      - name: other
        cluster: {server: 'https://10.9.0.1:6443'}
      users:
      - name: admin
        user: {token: other-token}
      contexts:
      - name: other
        context: {cluster: other, user: admin}
      current-context: other
      preferences: {}
      """;

  @TempDir
  Path tmp;

  private Cluster lab() {
    return ClusterBuilder.named("lab").master(Host.ssh("10.1.0.15")).worker(Host.ssh("10.1.0.16"))
        .stateDir(tmp.resolve("state")).dryRunBinaries().build();
  }

  @Test
  void theContextJoinsAnExistingFileWithoutSwitchingItsCurrentContext() throws Exception {
    Path file = Files.writeString(tmp.resolve("config"), OTHER);
    try (Cluster cluster = lab()) {
      assertThat(cluster.mergeKubeconfigInto(file)).isEqualTo("admin@lab");
    }

    assertThat(kubectl(file, "config", "current-context")).isEqualTo("other");
    assertThat(kubectl(file, "config", "get-contexts", "-o", "name").lines()).containsExactly("admin@lab", "other");
    assertThat(kubectl(file, "config", "view", "--raw", "-o", "jsonpath={.users[?(@.name==\"admin\")].user.token}"))
        .as("the other cluster's user is kept").isEqualTo("other-token");
    assertThat(kubectl(file, "config", "view", "--raw", "--minify", "--context", "admin@lab", "-o",
        "jsonpath={.clusters[0].cluster.server} {.users[0].name} {.contexts[0].context.user}"))
        .isEqualTo("https://10.1.0.15:6443 admin@lab admin@lab");
    assertThat(kubectl(file, "config", "view", "--raw", "--minify", "--context", "admin@lab", "-o",
        "jsonpath={.users[0].user.client-certificate-data}")).isNotBlank();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void currentContextMovesOnlyWhenAskedAndAnotherMergeChangesNothing() throws Exception {
    Path file = Files.writeString(tmp.resolve("config"), OTHER);
    try (Cluster cluster = lab()) {
      cluster.mergeKubeconfigInto(file, CurrentContext.FROM_INCOMING);
      String once = Files.readString(file);
      cluster.mergeKubeconfigInto(file, CurrentContext.FROM_INCOMING);
      assertThat(Files.readString(file)).isEqualTo(once);
    }

    assertThat(kubectl(file, "config", "current-context")).isEqualTo("admin@lab");
    assertThat(kubectl(file, "config", "get-contexts", "-o", "name").lines()).containsExactly("admin@lab", "other");
  }

  @Test
  void aMissingFileIsCreatedWithTheContextButNoCurrentContext() throws Exception {
    Path file = tmp.resolve("home/.kube/config");
    try (Cluster cluster = lab()) {
      cluster.mergeKubeconfigInto(file);
    }

    assertThat(kubectl(file, "config", "get-contexts", "-o", "name")).isEqualTo("admin@lab");
    assertThat(run(file, "config", "current-context")).startsWith("exit 1:").contains("current-context is not set");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  /** kubectl's standard output, trimmed; fails on a non-zero exit. */
  private static String kubectl(Path file, String... args) throws IOException, InterruptedException {
    String out = run(file, args);
    assertThat(out).as("kubectl %s", String.join(" ", args)).doesNotStartWith("exit ");
    return out;
  }

  /** kubectl's standard output, or "exit N: stderr" when it fails. */
  private static String run(Path file, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", file.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue() == 0 ? out : "exit " + process.exitValue() + ": " + err;
  }
}
