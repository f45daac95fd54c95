package dev.kubestrap.e2e;

import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.cluster.SandboxCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Records the id of each sandbox this run used in the file the system property {@value #PROPERTY} names, for
 * {@link NothingLeftBehindTest} in the next JVM.
 */
final class StartedSandboxes {
  static final String PROPERTY = "kubestrap.sandboxes.started";

  private StartedSandboxes() {}

  static void record(SandboxCluster cluster) {
    record(cluster.sandbox());
  }

  static synchronized void record(Sandbox sandbox) {
    String file = System.getProperty(PROPERTY);
    if (file == null) {
      return;
    }
    try {
      Path path = Path.of(file);
      String id = sandbox.id();
      if (!Files.exists(path) || !Files.readAllLines(path).contains(id)) {
        Files.writeString(path, id + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
