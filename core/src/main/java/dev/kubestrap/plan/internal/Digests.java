package dev.kubestrap.plan.internal;

import dev.kubestrap.KubestrapException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 helpers shared by the plan and the executor. */
public final class Digests {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private Digests() {}

  public static String sha256(byte[] content) {
    return HexFormat.of().formatHex(digest().digest(content));
  }

  public static String sha256(Path file) {
    MessageDigest digest = digest();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new KubestrapException("cannot read " + file + ": " + e, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Checks a lowercase hex SHA-256, naming the field in the error. */
  public static String requireSha256(String field, String value) {
    if (value == null || !SHA256_HEX.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " must be 64 lowercase hex digits: '" + value + "'");
    }
    return value;
  }

  /** The first 12 hex digits, enough to tell contents apart in a summary. */
  public static String shortForm(String sha256) {
    return sha256.substring(0, 12);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
