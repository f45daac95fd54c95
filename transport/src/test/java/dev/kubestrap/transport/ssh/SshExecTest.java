package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.RemoteCommandException;
import dev.kubestrap.transport.internal.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Commands over a real OpenSSH server: big outputs, exit codes, stdin, timeouts, isolation. */
class SshExecTest extends OneRootSession {
  private static final int FIFTY_MB = 50_000_000;
  private static final String BOTH_STREAMS =
      "head -c " + FIFTY_MB + " /dev/zero | tr '\\0' o & head -c " + FIFTY_MB + " /dev/zero | tr '\\0' e >&2; wait";

  @Test
  void fiftyMegabytesOnEachStreamAtOnceDoNotDeadlock() {
    ExecResult result = ssh.run(Command.script(BOTH_STREAMS).withTimeout(Duration.ofMinutes(2)));

    assertThat(result.stdout()).hasSize(FIFTY_MB).startsWith("ooo").endsWith("ooo");
    assertThat(result.stderr()).hasSize(FIFTY_MB).startsWith("eee").endsWith("eee");
  }

  @Test
  void fiftyMegabytesOnEachStreamAlsoInASessionOfTheirOwn() {
    // stdin routes the command through its own session channel instead of a shared shell
    ExecResult result = ssh.run(Command.script("cat >/dev/null; " + BOTH_STREAMS)
        .withStdin(new byte[] {1})
        .withTimeout(Duration.ofMinutes(2)));

    assertThat(result.stdout()).hasSize(FIFTY_MB);
    assertThat(result.stderr()).hasSize(FIFTY_MB);
  }

  @Test
  void exitCodesAreReportedAsIs() {
    assertThat(ssh.exec(Command.of("true")).exitCode()).isZero();
    assertThat(ssh.exec(Command.of("false")).exitCode()).isEqualTo(1);
    assertThat(ssh.exec(Command.script("exit 255")).exitCode()).isEqualTo(255);
    assertThat(ssh.exec(Command.of("/nonexistent/program")).exitCode()).isEqualTo(127);
    assertThat(ssh.exec(Command.script("exit 42").withStdin(new byte[0])).exitCode()).isEqualTo(42);
  }

  @Test
  void commandKilledBySignalExitsWith128PlusTheSignalAsInAShellOnEitherPath() {
    assertThat(ssh.exec(Command.script("kill -TERM $$")).exitCode()).isEqualTo(143);
    assertThat(ssh.exec(Command.script("kill -TERM $$").withStdin(new byte[0])).exitCode()).isEqualTo(143);
    assertThatThrownBy(() -> ssh.run(Command.script("kill -KILL $$").withStdin(new byte[0])))
        .isInstanceOf(RemoteCommandException.class)
        .hasMessageContaining("exit code 137");
  }

  @Test
  void megabytesOfStdinArriveIntact() {
    byte[] input = new byte[10_000_000];
    new Random(7).nextBytes(input);

    ExecResult result = ssh.run(Command.of("sha256sum").withStdin(input));

    assertThat(result.stdout()).startsWith(Sha256.hex(input));
  }

  @Test
  void timeoutKillsTheRemoteProcessAndTheConnectionStaysUsable() throws Exception {
    Path pidFile = dir.resolve("sleeper.pid");
    Instant start = Instant.now();

    assertThatThrownBy(() -> ssh.exec(Command.script("echo $$ > \"$1\"; exec sleep 60", pidFile.toString())
            .withTimeout(Duration.ofSeconds(1))))
        .isInstanceOf(RemoteCommandException.class)
        .hasMessageContaining("timed out after PT1S");

    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertProcessGone(pid);
    assertThat(ssh.run(Command.of("echo", "still here")).stdoutTrimmed()).isEqualTo("still here");
  }

  @Test
  void timeoutOfACommandWithStdinIsEnforcedOnTheHostToo() throws Exception {
    Path pidFile = dir.resolve("sleeper-stdin.pid");

    assertThatThrownBy(() -> ssh.exec(Command.script("echo $$ > \"$1\"; exec sleep 60", pidFile.toString())
            .withStdin(new byte[0])
            .withTimeout(Duration.ofSeconds(1))))
        .isInstanceOf(RemoteCommandException.class)
        .hasMessageContaining("timed out after PT1S");

    // On a busy machine the shell may start only after the timeout fired: then it must still be stopped on the host.
    Instant deadline = Instant.now().plusSeconds(10);
    while (!Files.exists(pidFile) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    if (Files.exists(pidFile)) {
      assertProcessGone(Long.parseLong(Files.readString(pidFile).strip()));
    }
  }

  private static void assertProcessGone(long pid) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(15);
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("remote process %d still alive", pid)
        .isFalse();
  }

  @Test
  void commandsCannotChangeTheEnvironmentOfLaterCommands() {
    ssh.run(Command.script("cd /usr; export KUBESTRAP_LEAK=1; umask 077"));

    ExecResult after = ssh.run(Command.script("echo \"${KUBESTRAP_LEAK:-unset} $(umask)\"; pwd"));

    assertThat(after.stdout()).startsWith("unset 0022\n").doesNotContain("/usr\n");
  }

  @Test
  void commandsCannotReadTheShellsCommandStream() {
    ExecResult result = ssh.run(Command.of("cat"));

    assertThat(result.stdout()).isEmpty();
    assertThat(ssh.run(Command.of("echo", "next")).stdoutTrimmed()).isEqualTo("next");
  }

  @Test
  void outputWithoutTrailingNewlineAndBinaryBytesIsKeptExactly() {
    ExecResult result = ssh.run(Command.script("printf 'no newline'; printf 'err' >&2"));

    assertThat(result.stdout()).isEqualTo("no newline");
    assertThat(result.stderr()).isEqualTo("err");
  }

  @Test
  void twoHundredSmallCommandsOverOneConnection() {
    Instant start = Instant.now();
    for (int i = 0; i < 200; i++) {
      assertThat(ssh.run(Command.of("echo", String.valueOf(i))).stdoutTrimmed()).isEqualTo(String.valueOf(i));
    }
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(60));
  }
}
