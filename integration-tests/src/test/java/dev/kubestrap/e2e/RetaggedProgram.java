package dev.kubestrap.e2e;

import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.ResolvedArtifact;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A binary source with one program replaced by a retagged copy: the same executable with a line naming a tag
 * appended (an ELF loader maps only what the program headers name, so trailing bytes change nothing). It behaves as
 * before but has a new digest, so the next apply sends it again: tens of megabytes that take long to upload on a
 * throttled link, which is what the fault tests need to hit an upload.
 *
 * @param base where every other program comes from
 * @param component the retagged program, e.g. {@code kubelet}
 * @param directory the directory holding the retagged file under the program's release name
 * @param sha256 the retagged file's digest
 */
record RetaggedProgram(BinarySource base, String component, Path directory, String sha256) implements BinarySource {

  /** Copies {@code original} into {@code directory} under its own name, with a line naming {@code tag} appended. */
  static RetaggedProgram of(BinarySource base, String component, Path original, Path directory, String tag)
      throws IOException {
    Files.createDirectories(directory);
    Path retagged = directory.resolve(original.getFileName());
    Files.copy(original, retagged, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (OutputStream out = Files.newOutputStream(retagged, java.nio.file.StandardOpenOption.APPEND)) {
      out.write(("\nkubestrap fault test " + tag + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Files.setPosixFilePermissions(retagged, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new RetaggedProgram(base, component, directory, sha256(retagged));
  }

  @Override
  public ResolvedArtifact resolve(String name, String version, Arch arch) {
    if (!name.equals(component)) {
      return base.resolve(name, version, arch);
    }
    return BinarySource.directory(directory).cacheIn(directory.resolve(".unpacked")).pin(name, version, arch, sha256)
        .resolve(name, version, arch);
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (var in = Files.newInputStream(file)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
