package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.RemoteFileException;
import dev.kubestrap.transport.testing.KeyPair;
import dev.kubestrap.transport.testing.TestSshd;
import dev.kubestrap.transport.testing.TestUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What sudo must and must not do for a non-root login user. */
class SudoTest {
  private static final String NOPW = TestUser.uniqueName("snp");
  private static final String PW = TestUser.uniqueName("spw");
  private static final String PASSWORD = "pw-Only-For-Sudo";

  @TempDir
  static Path dir;

  private static TestSshd sshd;
  private static TestUser noPasswordUser;
  private static TestUser passwordUser;
  private static KeyPair key;

  @BeforeAll
  static void start() {
    noPasswordUser = TestUser.ensure(NOPW, "unused-Pa55", TestUser.Sudo.NOPASSWD);
    passwordUser = TestUser.ensure(PW, PASSWORD, TestUser.Sudo.PASSWORD);
    sshd = TestSshd.start(dir.resolve("sshd"));
    key = KeyPair.ed25519(dir.resolve("client"), "id_ed25519");
    sshd.authorize(NOPW, key).authorize(PW, key);
  }

  @AfterAll
  static void stop() {
    sshd.close();
    noPasswordUser.close();
    passwordUser.close();
  }

  @Test
  void withoutSudoTheUserCannotTouchRootsFiles() {
    try (SshTransport ssh = SshTransport.connect(sshd.configFor(NOPW, key).build())) {
      assertThat(ssh.run(Command.of("id", "-un")).stdoutTrimmed()).isEqualTo(NOPW);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> ssh.put(new byte[] {1}, dir.resolve("root-only/x").toString(), FileMode.PUBLIC))
          .isInstanceOf(RemoteFileException.class)
          .hasMessageContaining("Permission denied");
    }
  }

  @Test
  void passwordlessSudoRunsAsRoot() {
    try (SshTransport ssh = SshTransport.connect(sshd.configFor(NOPW, key).sudo().build())) {
      assertThat(ssh.run(Command.of("id", "-u")).stdoutTrimmed()).isEqualTo("0");
    }
  }

  @Test
  void sudoPasswordIsAnsweredButNeverReachesTheCommand() {
    try (SshTransport ssh = SshTransport.connect(sshd.configFor(PW, key).sudo(PASSWORD::toCharArray).build())) {
      byte[] input = "only this\n".getBytes(StandardCharsets.UTF_8);

      ExecResult viaSession = ssh.run(Command.of("cat").withStdin(input));
      ExecResult viaShell = ssh.run(Command.script("id -u; ps -eo args"));

      assertThat(viaSession.stdout()).isEqualTo("only this\n");
      assertThat(viaSession.stderr()).doesNotContain("kubestrap-sudo");
      assertThat(viaShell.stdout()).startsWith("0\n").doesNotContain(PASSWORD);
    }
  }

  @Test
  void twoSudoCommandsInARowBothGetThePasswordAndTheCallersArrayIsLeftAlone() {
    char[] password = PASSWORD.toCharArray();
    SshConfig config = sshd.configFor(PW, key).sudo(() -> password).build();
    try (SshTransport ssh = SshTransport.connect(config)) {
      // commands with stdin run in sessions of their own, and sudo -k asks for the password in each
      assertThat(ssh.run(Command.of("id", "-u").withStdin(new byte[0])).stdoutTrimmed()).isEqualTo("0");
      assertThat(ssh.run(Command.of("id", "-u").withStdin(new byte[0])).stdoutTrimmed()).isEqualTo("0");
    }
    try (SshTransport again = SshTransport.connect(config)) {
      assertThat(again.run(Command.of("id", "-u")).stdoutTrimmed()).as("a new transport's command shell").isEqualTo("0");
    }
    assertThat(password).containsExactly(PASSWORD.toCharArray());
  }

  @Test
  void passwordForAPasswordlessRuleIsNeverSent() {
    try (SshTransport ssh = SshTransport.connect(sshd.configFor(NOPW, key).sudo("must-not-appear"::toCharArray).build())) {
      ExecResult result = ssh.run(Command.of("cat").withStdin("payload".getBytes(StandardCharsets.UTF_8)));

      assertThat(result.stdout()).isEqualTo("payload");
      assertThat(ssh.run(Command.of("id", "-u")).stdoutTrimmed()).isEqualTo("0");
    }
  }

  @Test
  void wrongSudoPasswordFailsWithSudosOwnMessage() {
    try (SshTransport ssh = SshTransport.connect(sshd.configFor(PW, key).sudo("wrong-password"::toCharArray).build())) {
      ExecResult result = ssh.exec(Command.of("id", "-u"));

      assertThat(result.exitCode()).isNotZero();
      assertThat(result.stdout()).doesNotContain("0");
      assertThat(result.stderr()).containsIgnoringCase("sorry, try again").doesNotContain("wrong-password");
    }
  }

  @Test
  void passwordRuleWithoutAPasswordFailsClearly() {
    try (SshTransport ssh = SshTransport.connect(sshd.configFor(PW, key).sudo().build())) {
      ExecResult result = ssh.exec(Command.of("id", "-u"));

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderr()).contains("a password is required");
    }
  }
}
