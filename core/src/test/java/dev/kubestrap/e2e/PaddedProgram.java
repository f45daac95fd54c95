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
 * A binary source with one stand-in program replaced by a padded copy: the same wrapper script (it {@code exec}s
 * before the shell reads further), then a tag and megabytes of comment lines. It behaves as before but has a new
 * digest and takes long to upload on a throttled link, which is what the fault tests need to hit an upload.
 *
 * @param base where every other program comes from
 * @param component the padded program, e.g. {@code kubelet}
 * @param directory the directory holding the padded file under the program's release name
 * @param sha256 the padded file's digest
 */
record PaddedProgram(BinarySource base, String component, Path directory, String sha256) implements BinarySource {

  /** Pads {@code original} (a stand-in wrapper) with {@code megabytes} of comments after a line naming {@code tag}. */
  static PaddedProgram of(BinarySource base, String component, Path original, Path directory, String tag,
      int megabytes) throws IOException {
    Files.createDirectories(directory);
    Path padded = directory.resolve(original.getFileName());
    try (OutputStream out = Files.newOutputStream(padded)) {
      out.write(Files.readAllBytes(original));
      out.write(("# padding for " + tag + "\n").getBytes(StandardCharsets.UTF_8));
      byte[] line = ("#" + "-".repeat(1022) + "\n").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < megabytes * 1024; i++) {
        out.write(line);
      }
    }
    Files.setPosixFilePermissions(padded, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new PaddedProgram(base, component, directory, sha256(padded));
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
