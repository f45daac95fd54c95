package dev.kubestrap.plan;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the executor finds a binary's bytes on the deploying machine. It is asked only when the remote
 * copy is missing or differs, so a source that downloads into a cache does not download for a host that
 * is already up to date. A source may also name a URL where a host can download the same bytes itself
 * ({@link #hostUrl()}, used when hosts fetch their binaries); the host checks them against the pinned sha256.
 */
@FunctionalInterface
public interface ArtifactSource {
  /** Resolves the local file, fetching it first if needed. */
  Path resolve();

  /**
   * Where a host can download exactly these bytes itself ({@code http} or {@code https}), if anywhere; default
   * none, so the bytes are sent from this machine.
   */
  default Optional<URI> hostUrl() {
    return Optional.empty();
  }

  /** A file that already exists locally. */
  static ArtifactSource file(Path file) {
    return file(file, null);
  }

  /**
   * A file that already exists locally and that hosts may also download from {@code url} ({@code http} or
   * {@code https}; {@code null} for none).
   *
   * @throws IllegalArgumentException for a URL of another scheme, naming it
   */
  static ArtifactSource file(Path file, URI url) {
    Objects.requireNonNull(file, "file");
    if (url != null && !"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("host download URL must be http or https: '" + url + "'");
    }
    Optional<URI> hostUrl = Optional.ofNullable(url);
    return new ArtifactSource() {
      @Override
      public Path resolve() {
        return file;
      }

      @Override
      public Optional<URI> hostUrl() {
        return hostUrl;
      }

      @Override
      public String toString() {
        return file.toString();
      }
    };
  }
}
