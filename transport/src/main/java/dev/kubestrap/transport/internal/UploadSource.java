package dev.kubestrap.transport.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Content to upload whose size is known before anything is sent. Its SHA-256 is known at once for
 * bytes and streams, and computed on first request for a local file (so an upload to a path with
 * nothing there can hash the file while sending it). A stream is first spooled into a private local
 * temporary file, which {@link #close()} deletes.
 */
public final class UploadSource implements AutoCloseable {
  private final byte[] bytes;
  private final Path file;
  private final boolean ownsFile;
  private final long size;
  private String sha256;
  private boolean pinned;

  private UploadSource(byte[] bytes, Path file, boolean ownsFile, long size, String sha256) {
    this.bytes = bytes;
    this.file = file;
    this.ownsFile = ownsFile;
    this.size = size;
    this.sha256 = sha256;
  }

  public static UploadSource of(byte[] content) {
    Objects.requireNonNull(content, "content");
    return new UploadSource(content, null, false, content.length, Sha256.hex(content));
  }

  public static UploadSource of(Path localFile) {
    Objects.requireNonNull(localFile, "localFile");
    if (!Files.isRegularFile(localFile)) {
      throw new IllegalArgumentException("localFile must be a regular file: " + localFile);
    }
    try {
      return new UploadSource(null, localFile, false, Files.size(localFile), null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + localFile, e);
    }
  }

  /**
   * A local file that must hold the bytes whose SHA-256 is {@code sha256}: the sum is taken as known without reading
   * the file, so whoever stores it must check what it stored against it.
   */
  public static UploadSource pinned(Path localFile, String sha256) {
    PinnedPuts.requireSha256(sha256);
    UploadSource source = of(localFile);
    source.learnSha256(sha256);
    source.pinned = true;
    return source;
  }

  /** The local file, when this source was made by {@link #pinned}: its sum was taken as known, not read. */
  public Optional<Path> pinnedFile() {
    return pinned ? Optional.of(file) : Optional.empty();
  }

  public static UploadSource of(InputStream content) {
    Objects.requireNonNull(content, "content");
    Path spool = null;
    try {
      spool = Files.createTempFile("kubestrap-upload-", ".spool",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      MessageDigest digest = Sha256.newDigest();
      long size;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(spool), digest)) {
        size = content.transferTo(out);
      }
      return new UploadSource(null, spool, true, size, Sha256.hex(digest));
    } catch (IOException e) {
      deleteQuietly(spool);
      throw new UncheckedIOException("cannot spool upload stream", e);
    }
  }

  public long size() {
    return size;
  }

  /** The lowercase hex SHA-256, computed now if it is not known yet. */
  public synchronized String sha256() {
    if (sha256 == null) {
      try {
        sha256 = Sha256.of(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return sha256;
  }

  /** The SHA-256 if it is already known, without reading anything. */
  public synchronized Optional<String> knownSha256() {
    return Optional.ofNullable(sha256);
  }

  /** Records the SHA-256 computed by whoever read the whole content. */
  public synchronized void learnSha256(String hex) {
    if (sha256 == null) {
      sha256 = hex;
    }
  }

  /** A fresh stream over the content. */
  public InputStream open() throws IOException {
    return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
  }

  @Override
  public void close() {
    if (ownsFile) {
      deleteQuietly(file);
    }
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a leftover spool file in the temp directory is harmless
    }
  }
}
