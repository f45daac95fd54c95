package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.internal.Sha256;
import dev.kubestrap.transport.internal.StreamPumps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Uploads of at most {@link SshTransport#SMALL_PUT_BYTES} go in one command through a command shell, larger ones in
 * three steps; both over a real OpenSSH server, on either side of the boundary, with every byte value.
 */
class SmallPutTest extends OneRootSession {

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1, 256, SshTransport.SMALL_PUT_BYTES, SshTransport.SMALL_PUT_BYTES + 1})
  void everyByteValueArrivesOnEitherSideOfTheBoundary(int size) throws Exception {
    byte[] content = new byte[size];
    for (int i = 0; i < size; i++) {
      content[i] = (byte) (i * 7 + i / 256);
    }
    Path target = dir.resolve("small/" + size + "/file.bin");

    PutResult first = ssh.put(content, target.toString(), FileMode.of(0640));
    PutResult again = ssh.put(content, target.toString(), FileMode.PRIVATE);

    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    assertThat(first.sha256()).isEqualTo(Sha256.hex(content));
    assertThat(first.bytesSent()).isEqualTo(size);
    assertThat(first.skipped()).isFalse();
    assertThat(again.skipped()).as("the same content is not written again").isTrue();
    assertThat(again.bytesSent()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .as("the mode of the second put, applied although the content was the same").isEqualTo("rw-------");
    try (var listing = Files.list(target.getParent())) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("file.bin");
    }
  }

  @Test
  void aScriptsArgumentsAppearInNoProcesssArgumentsOnTheHost() throws Exception {
    String secret = "kubestrap-test-secret-" + System.nanoTime();
    // Lists every process's arguments while the script runs; $1 is only ever a shell variable of the subshell.
    String script = "for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < \"$f\" 2>/dev/null; echo; done; echo \"len ${#1}\"";
    try (StreamPumps pumps = new StreamPumps("test");
        CommandShell shell = CommandShell.open(ssh.connection().client(), ssh.config(), null, pumps,
            Instant.now().plus(Duration.ofSeconds(30)))) {
      Optional<ExecResult> listed =
          shell.runScript(script, List.of(secret), pumps, Instant.now().plus(Duration.ofSeconds(30)));

      Optional<ExecResult> control = shell.run(
          Command.script(script, secret), pumps, Instant.now().plus(Duration.ofSeconds(30)));

      assertThat(listed).isPresent();
      assertThat(listed.get().stdout()).as("the script ran with its argument").contains("len " + secret.length())
          .as("and no process showed it").doesNotContain(secret);
      assertThat(control).isPresent();
      assertThat(control.get().stdout()).as("the listing would show it as sh -c's argument").contains(secret);
    }
  }
}
