package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.testing.Shell;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Uploads and downloads from one byte to 200 MB over a real OpenSSH server, checked with sha256sum and stat. */
class SshFileTransferTest extends OneRootSession {
  @ParameterizedTest(name = "{0} bytes, mode {1}")
  @CsvSource({"1, 600", "65537, 644", "1048583, 755", "200000000, 640"})
  void putAndGetKeepEveryByteAndTheMode(long size, String mode) throws IOException {
    Path source = randomFile(dir.resolve("source-" + size), size);
    Path remote = dir.resolve("remote/" + size + "/file.bin");

    PutResult put = ssh.put(source, remote.toString(), FileMode.of(Integer.parseInt(mode, 8)));

    assertThat(put.skipped()).isFalse();
    assertThat(put.bytesSent()).isEqualTo(size);
    assertThat(put.sha256()).isEqualTo(sha256sum(source)).isEqualTo(sha256sum(remote));
    assertThat(Shell.check("stat", "-c", "%a %s", remote.toString()).strip()).isEqualTo(mode + " " + size);

    Path back = dir.resolve("back-" + size);
    ssh.get(remote.toString(), back);
    assertThat(sha256sum(back)).isEqualTo(put.sha256());

    PutResult again = ssh.put(source, remote.toString(), FileMode.of(Integer.parseInt(mode, 8)));
    assertThat(again.skipped()).isTrue();
    assertThat(again.bytesSent()).isZero();

    Files.delete(source);
    Files.delete(back);
    Files.delete(remote);
  }

  static Path randomFile(Path file, long size) throws IOException {
    Random random = new Random(size);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
    return file;
  }

  static String sha256sum(Path file) {
    return Shell.check("sha256sum", file.toString()).substring(0, 64);
  }
}
