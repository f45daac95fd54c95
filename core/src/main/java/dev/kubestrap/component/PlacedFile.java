package dev.kubestrap.component;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A file a component needs on its host: absolute path, exact bytes and permission bits. Private keys,
 * kubeconfigs with embedded keys and the encryption config are {@code 0600}; everything else {@code 0644}.
 * {@link #toString()} shows the path, mode and size, never the content.
 *
 * @param path absolute path on the host
 * @param content the exact bytes
 * @param mode permission bits, e.g. {@code 0600}
 */
public record PlacedFile(Path path, byte[] content, int mode) {

  /** Mode of files anyone on the host may read. */
  public static final int PUBLIC = 0644;
  /** Mode of files holding key material. */
  public static final int SECRET = 0600;

  public PlacedFile {
    Objects.requireNonNull(path, "path must not be null");
    if (!path.isAbsolute()) {
      throw new ComponentException("file path must be absolute: '" + path + "'");
    }
    if (mode < 0 || mode > 07777) {
      throw new ComponentException("file mode of " + path + " is not a permission: " + Integer.toOctalString(mode));
    }
    content = content.clone();
  }

  /** A 0644 file with UTF-8 text. */
  public static PlacedFile publicFile(Path path, String text) {
    return new PlacedFile(path, text.getBytes(StandardCharsets.UTF_8), PUBLIC);
  }

  /** A 0600 file with UTF-8 text. */
  public static PlacedFile secretFile(Path path, String text) {
    return new PlacedFile(path, text.getBytes(StandardCharsets.UTF_8), SECRET);
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The content as UTF-8 text. */
  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  /** Whether only the owner may read the file (it holds key material). */
  public boolean isSecret() {
    return (mode & 077) == 0;
  }

  /** Lowercase hex sha256 of the content, to compare with what a host already has. */
  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlacedFile f && path.equals(f.path) && mode == f.mode && Arrays.equals(content, f.content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, mode, Arrays.hashCode(content));
  }

  @Override
  public String toString() {
    return "PlacedFile[" + path + ", " + String.format("%04o", mode) + ", " + content.length + " bytes]";
  }
}
