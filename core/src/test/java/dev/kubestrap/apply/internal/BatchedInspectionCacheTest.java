package dev.kubestrap.apply.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.transport.local.LocalTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's digest cache, run by this machine's sh, stat, awk and sha256sum through an unrooted local transport: a
 * recorded file is not read again while its identity and times stay, and any change of the file is seen.
 */
class BatchedInspectionCacheTest {
  @TempDir Path dir;

  @Test
  void anUnchangedFileKeepsItsRecordedDigestAndAChangedOneIsHashedAgain() throws Exception {
    Files.createDirectories(dir.resolve("opt"));
    Path program = Files.writeString(dir.resolve("opt/kubelet"), "kubelet v1", java.nio.charset.StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE_NEW);
    Thread.sleep(3_000); // a file is recorded only once its change time is a few seconds old
    Path cacheDir = dir.resolve("state");
    BatchedInspection inspection = new BatchedInspection("", cacheDir.toString());
    try (LocalTransport host = LocalTransport.create()) {
      assertThat(digest(inspection, host, program)).isEqualTo(sha256("kubelet v1"));
      Path cache = cacheDir.resolve(BatchedInspection.CACHE_FILE);
      assertThat(Files.readString(cache)).contains("|" + sha256("kubelet v1") + "|" + program);

      // A recorded digest is believed while the file's identity and times are unchanged: prove it was not re-read.
      String forged = "f".repeat(64);
      Files.writeString(cache, Files.readString(cache).replace(sha256("kubelet v1"), forged));
      assertThat(digest(inspection, host, program)).isEqualTo(forged);

      Files.writeString(program, "kubelet v2");
      assertThat(digest(inspection, host, program)).isEqualTo(sha256("kubelet v2"));
      assertThat(digest(new BatchedInspection(""), host, program)).isEqualTo(sha256("kubelet v2"));
    }
  }

  @Test
  void whatTheExecutorJustPlacedIsRecordedAtOnceAndNotReadByTheNextInspection() throws Exception {
    Files.createDirectories(dir.resolve("opt"));
    Path program = Files.writeString(dir.resolve("opt/kube-proxy"), "kube-proxy v1");
    Path cacheDir = dir.resolve("state");
    BatchedInspection inspection = new BatchedInspection("", cacheDir.toString());
    try (LocalTransport host = LocalTransport.create()) {
      String forged = "e".repeat(64); // stands for the digest the plan carried; the forgery proves nothing re-read it
      inspection.remember(host, java.util.Map.of(program.toString(), forged));

      assertThat(digest(inspection, host, program)).isEqualTo(forged);
      Files.writeString(program, "kube-proxy v2");
      assertThat(digest(inspection, host, program)).isEqualTo(sha256("kube-proxy v2"));
    }
  }

  private static String digest(BatchedInspection inspection, LocalTransport host, Path file) {
    return inspection.inspect(host, List.of(), List.of(file.toString())).get(file.toString()).sha256().orElseThrow();
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes()));
  }
}
