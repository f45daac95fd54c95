package dev.kubestrap.binaries;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A program ready to be sent to a host: the name to install it under ({@code etcd}, {@code runc}),
 * the local file holding it and that file's sha256 (to compare with the remote file's), and, for a program
 * unpacked from an archive, which member of which archive it was ({@link #packedIn()}; empty for a bare release
 * file, the default).
 */
public record LocalBinary(String name, Path path, String sha256, long size, Optional<Packed> packedIn) {
  public LocalBinary {
    Objects.requireNonNull(packedIn, "packedIn");
  }

  /** A program that is its own release file. */
  public LocalBinary(String name, Path path, String sha256, long size) {
    this(name, path, sha256, size, Optional.empty());
  }

  /**
   * Where an unpacked program came from: the member's path inside the archive, exactly as the archive names it
   * ({@code etcd-v3.6.14-linux-amd64/etcd}, {@code ./bridge}), and the sha256 of the archive it was taken from (the
   * archive was checked against its pin before it was unpacked).
   */
  public record Packed(String member, String archiveSha256) {
    public Packed {
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(archiveSha256, "archiveSha256");
    }
  }
}
