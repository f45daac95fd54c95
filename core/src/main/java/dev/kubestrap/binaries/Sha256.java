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
    return digest("SHA-256");
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has " + algorithm, e);
    }
  }

  static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  static String of(Path file) {
    MessageDigest digest = digest();
    read(file, (bytes, n) -> digest.update(bytes, 0, n));
    return hex(digest);
  }

  private interface Sink {
    void accept(byte[] bytes, int length);
  }

  private static void read(Path file, Sink sink) {
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sink.accept(buffer, n);
      }
    } catch (IOException e) {
      throw new BinarySourceException("cannot read " + file + ": " + e, e);
    }
  }

  /** The digest at the start of a {@code .sha256} file ({@code <hex>} or {@code <hex>  <name>}). */
  static String parsePublished(String content, Object source) {
    String first = content.strip().split("\\s+", 2)[0];
    try {
      return Pin.parse(first, source.toString()).hex();
    } catch (IllegalArgumentException e) {
      throw new BinarySourceException(source + " does not start with a sha256 digest");
    }
  }

  /** The sha256 and sha512 of one file or stream, computed in one pass. */
  record FileDigests(String sha256, String sha512) {
    static FileDigests of(Path file) {
      Hasher hasher = new Hasher();
      read(file, hasher::update);
      return hasher.done();
    }

    /** This file's digest in the pin's algorithm. */
    String in(Pin pin) {
      return pin.isSha256() ? sha256 : sha512;
    }

    boolean matches(Pin pin) {
      return in(pin).equals(pin.hex());
    }
  }

  /** Feeds both digests. */
  static final class Hasher {
    private final MessageDigest sha256 = digest("SHA-256");
    private final MessageDigest sha512 = digest("SHA-512");

    void update(byte[] bytes, int length) {
      sha256.update(bytes, 0, length);
      sha512.update(bytes, 0, length);
    }

    FileDigests done() {
      return new FileDigests(hex(sha256), hex(sha512));
    }
  }
}
