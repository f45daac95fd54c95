package dev.kubestrap.plan;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the executor finds a binary's bytes on the deploying machine. It is asked only when the remote
 * copy is missing or differs, so a source that downloads into a cache does not download for a host that
 * is already up to date.
 */
@FunctionalInterface
public interface ArtifactSource {
  /** Resolves the local file, fetching it first if needed. */
  Path resolve();

  /** A file that already exists locally. */
  static ArtifactSource file(Path file) {
    Objects.requireNonNull(file, "file");
    return new ArtifactSource() {
      @Override
      public Path resolve() {
        return file;
      }

      @Override
      public String toString() {
        return file.toString();
      }
    };
  }
}
