package dev.kubestrap.binaries;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

final class Sha256 {
  /**
   * Digests of files read before in this process. Every plan resolves its programs again (a day-2 operation plans
   * several times), and hashing a Kubernetes server set again costs seconds each time.
   */
  private static final Map<Path, Remembered> REMEMBERED = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f,
      true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Path, Remembered> eldest) {
      return size() > 1024;
    }
  });

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
    return digests(file, false).sha256();
  }

  /**
   * The file's digests, from memory when its stamp is the one they were computed at. The stamp holds the change
   * time, which every write, rename over and chmod moves and no caller can set back, so a file rewritten to the same
   * size and modification time is read again. A digest is remembered only when the stamp did not move while it was
   * computed.
   */
  private static FileDigests digests(Path file, boolean withSha512) {
    Path key = file.toAbsolutePath().normalize();
    Optional<Map<String, Object>> before = stamp(file);
    if (before.isPresent()) {
      Remembered known = REMEMBERED.get(key);
      if (known != null && known.stamp().equals(before.get()) && (known.sha512() != null || !withSha512)) {
        return new FileDigests(known.sha256(), known.sha512());
      }
    }
    FileDigests computed;
    if (withSha512) {
      Hasher hasher = new Hasher();
      read(file, hasher::update);
      computed = hasher.done();
    } else {
      MessageDigest digest = digest();
      read(file, (bytes, n) -> digest.update(bytes, 0, n));
      computed = new FileDigests(hex(digest), null);
    }
    if (before.isPresent() && before.equals(stamp(file))) {
      REMEMBERED.put(key, new Remembered(before.get(), computed.sha256(), computed.sha512()));
    }
    return computed;
  }

  /** Device, inode, size, modification and change time; empty where the file system cannot say. */
  private static Optional<Map<String, Object>> stamp(Path file) {
    try {
      return Optional.of(Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private record Remembered(Map<String, Object> stamp, String sha256, String sha512) {}

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
      return digests(file, true);
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
