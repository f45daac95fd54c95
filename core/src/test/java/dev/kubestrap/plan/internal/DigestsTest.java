package dev.kubestrap.plan.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.KubestrapException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestsTest {
  @TempDir
  Path dir;

  @Test
  void aFileHasTheDigestOfItsBytes() throws IOException {
    Path file = Files.writeString(dir.resolve("f"), "abc");

    assertThat(Digests.sha256(file)).isEqualTo(Digests.sha256("abc".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void anUnreadableFileIsAKubestrapExceptionNamingIt() {
    Path missing = dir.resolve("missing-binary");

    assertThatThrownBy(() -> Digests.sha256(missing)).isInstanceOf(KubestrapException.class)
        .hasMessageContaining("cannot read " + missing);
  }
}
