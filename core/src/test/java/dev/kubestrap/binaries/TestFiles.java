package dev.kubestrap.binaries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Release files made in the test: bytes, their digests, and tarballs packed by the real tar. */
final class TestFiles {
  private TestFiles() {}

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String sha256(byte[] content) {
    return digest("SHA-256", content);
  }

  static String sha512(byte[] content) {
    return digest("SHA-512", content);
  }

  private static String digest(String algorithm, byte[] content) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance(algorithm).digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Packs {@code members} (path in archive → content; a path ending in {@code *} is made executable,
   * the star dropped) with {@code tar -czf} run in {@code work}, members listed as given.
   */
  static byte[] tarGz(Path work, Map<String, String> members) throws IOException, InterruptedException {
    Path tree = Files.createTempDirectory(work, "tree");
    List<String> command = new ArrayList<>(List.of("tar", "-C", tree.toString(), "-czf", "-"));
    for (Map.Entry<String, String> member : members.entrySet()) {
      boolean executable = member.getKey().endsWith("*");
      String name = executable ? member.getKey().substring(0, member.getKey().length() - 1) : member.getKey();
      Path file = tree.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, member.getValue());
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
      command.add(name);
    }
    Process tar = new ProcessBuilder(command).start();
    byte[] archive = tar.getInputStream().readAllBytes();
    String errors = new String(tar.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
      throw new IllegalStateException("tar failed: " + errors);
    }
    return archive;
  }

  /** Every regular file under {@code root}. */
  static List<Path> regularFiles(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).toList();
    }
  }
}
