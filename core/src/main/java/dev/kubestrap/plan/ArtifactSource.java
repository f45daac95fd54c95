package dev.kubestrap.plan;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the executor finds a binary's bytes on the deploying machine. It is asked only when the remote
 * copy is missing or differs, so a source that downloads into a cache does not download for a host that
 * is already up to date. A source may also say where a host can get the same bytes itself, used when hosts fetch
 * their binaries: a URL of the program itself ({@link #hostUrl()}), or a member of an archive at a URL
 * ({@link #hostArchive()}); the host checks them against the pinned sha256. By default neither: the bytes are sent
 * from this machine.
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

  /**
   * The archive a host can download and take these bytes from, if any; default none. Asked only when
   * {@link #hostUrl()} is empty.
   */
  default Optional<ArchiveMember> hostArchive() {
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
    if (url != null && !"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("host download URL must be http or https: '" + url + "'");
    }
    return local(file, Optional.ofNullable(url), Optional.empty());
  }

  /**
   * A file that already exists locally, unpacked from {@code member}, which hosts may download and unpack
   * themselves.
   */
  static ArtifactSource unpacked(Path file, ArchiveMember member) {
    return local(file, Optional.empty(), Optional.of(Objects.requireNonNull(member, "member")));
  }

  private static ArtifactSource local(Path file, Optional<URI> url, Optional<ArchiveMember> archive) {
    Objects.requireNonNull(file, "file");
    return new ArtifactSource() {
      @Override
      public Path resolve() {
        return file;
      }

      @Override
      public Optional<URI> hostUrl() {
        return url;
      }

      @Override
      public Optional<ArchiveMember> hostArchive() {
        return archive;
      }

      @Override
      public String toString() {
        return file.toString();
      }
    };
  }
}
