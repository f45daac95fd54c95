package dev.kubestrap.binaries;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

final class Sha256 {
  private Sha256() {}

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  static String of(Path file) {
    MessageDigest digest = digest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new BinarySourceException("cannot read " + file + ": " + e, e);
    }
    return hex(digest);
  }

  /** The digest at the start of a published {@code .sha256} file ({@code <hex>} or {@code <hex>  <name>}). */
  static String parsePublished(String content, Object source) {
    String first = content.strip().split("\\s+", 2)[0];
    try {
      return Artifact.sha256(first);
    } catch (IllegalArgumentException e) {
      throw new BinarySourceException(source + " does not start with a sha256 digest");
    }
  }
}
