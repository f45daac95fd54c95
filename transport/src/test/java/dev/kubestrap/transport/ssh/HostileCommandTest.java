package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands that try to break the channel: a flood on stderr, a stdout nobody reads while stderr trickles on, a
 * hundred megabytes, binary bytes that look like the transport's own markers. Each must come back complete, and the
 * same connection must serve a plain command afterwards.
 */
class HostileCommandTest extends OneRootSession {
  private static final Duration GENEROUS = Duration.ofMinutes(3);

  private Object connection;

  @BeforeEach
  void rememberTheConnection() {
    connection = ssh.connection();
  }

  @AfterEach
  void theSameConnectionStillServesAPlainCommand() {
    assertThat(ssh.run(Command.of("echo", "still here")).stdoutTrimmed()).isEqualTo("still here");
    assertThat(ssh.connection()).as("no reconnect happened").isSameAs(connection);
  }

  @Test
  void aFloodOnStderrArrivesWhole() {
    ExecResult result = ssh.run(Command.script("head -c 50000000 /dev/zero | tr '\\0' e >&2; echo done")
        .withTimeout(GENEROUS));

    assertThat(result.stdout()).isEqualTo("done\n");
    assertThat(result.stderr()).hasSize(50_000_000).startsWith("eee").endsWith("eee");
  }

  @Test
  void aStalledStdoutReaderWhileStderrTricklesOnLosesNothing() {
    // stdout is not read for five seconds while the command writes it in slices, each followed by a line on stderr
    String script = "i=0; while [ $i -lt 400 ]; do head -c 100000 /dev/zero | tr '\\0' o; echo trickle-$i >&2;"
        + " i=$((i+1)); done";
    StalledSink stdout = new StalledSink(Duration.ofSeconds(5));
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    int exitCode = ssh.execStreams(Command.script(script).withTimeout(GENEROUS), InputStream.nullInputStream(),
        stdout, stderr);

    assertThat(exitCode).isZero();
    assertThat(stdout.count).isEqualTo(40_000_000);
    assertThat(stderr.toString()).startsWith("trickle-0\n").contains("trickle-399\n");
  }

  @Test
  void aHundredMegabytesOfOutputArriveWhole() {
    ExecResult result = ssh.run(Command.script("head -c 100000000 /dev/zero | tr '\\0' x").withTimeout(GENEROUS));

    assertThat(result.stdout()).hasSize(100_000_000).startsWith("xxx").endsWith("xxx");
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void binaryOutputWithTheTransportsOwnMarkersInItIsKeptExactly() throws Exception {
    byte[] content = binaryWithMarkers();
    Path file = Files.write(dir.resolve("binary.bin"), content);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    int exitCode = ssh.execStreams(Command.script("cat \"$1\"; cat \"$1\" >&2", file.toString()).withTimeout(GENEROUS),
        InputStream.nullInputStream(), stdout, stderr);
    byte[] downloaded = ssh.get(file.toString());

    assertThat(exitCode).isZero();
    assertThat(stdout.toByteArray()).isEqualTo(content);
    assertThat(stderr.toByteArray()).isEqualTo(content);
    assertThat(downloaded).isEqualTo(content);
  }

  @Test
  void textThatMimicsTheMarkersPassesThroughTheSharedShellsUnharmed() {
    String markers = "kubestrap-0123456789abcdef0123456789abcdef 0\n[kubestrap-sudo-password]\n"
        + "[kubestrap-sudo-ready]\nkubestrap-stderr\n";

    ExecResult result = ssh.run(Command.script("printf '%s' \"$1\"; printf '%s' \"$1\" >&2", markers));

    assertThat(result.stdout()).isEqualTo(markers);
    assertThat(result.stderr()).isEqualTo(markers);
  }

  /** Five megabytes of random bytes with the transport's marker words in the middle. */
  private static byte[] binaryWithMarkers() throws IOException {
    byte[] noise = new byte[5_000_000];
    new Random(13).nextBytes(noise);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write(noise, 0, 1_000_000);
    content.write("kubestrap-0123456789abcdef0123456789abcdef 0\n[kubestrap-sudo-password][kubestrap-sudo-ready]\n"
        .getBytes(StandardCharsets.US_ASCII));
    content.write(noise, 1_000_000, noise.length - 1_000_000);
    return content.toByteArray();
  }

  /** Counts what it is given, after holding the first write for a while like a slow consumer. */
  private static final class StalledSink extends OutputStream {
    private final Duration stall;
    private boolean stalled;
    long count;

    StalledSink(Duration stall) {
      this.stall = stall;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (!stalled) {
        stalled = true;
        try {
          Thread.sleep(stall.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException();
        }
      }
      count += len;
    }
  }
}
