package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ConnectionException;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.testing.KeyPair;
import dev.kubestrap.transport.testing.TestSshd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reaching a host through a bastion: two real sshd processes, the bastion's log shows the forwarding. */
class JumpHostTest {
  @TempDir
  static Path dir;

  private static TestSshd bastion;
  private static TestSshd closedBastion;
  private static TestSshd target;
  private static KeyPair key;

  @BeforeAll
  static void start() {
    key = KeyPair.ed25519(dir.resolve("client"), "id_ed25519");
    bastion = TestSshd.start(dir.resolve("bastion"), "LogLevel DEBUG1").authorize("root", key);
    closedBastion = TestSshd.start(dir.resolve("closed-bastion"), "AllowTcpForwarding no").authorize("root", key);
    target = TestSshd.start(dir.resolve("target")).authorize("root", key);
  }

  @AfterAll
  static void stop() {
    target.close();
    bastion.close();
    closedBastion.close();
  }

  @Test
  void commandsAndFilesGoThroughTheJumpHost() {
    SshConfig config = target.configFor("root", key).jumpHost(bastion.configFor("root", key).build()).build();

    try (SshTransport ssh = SshTransport.connect(config)) {
      assertThat(ssh.run(Command.of("echo", "behind the bastion")).stdoutTrimmed()).isEqualTo("behind the bastion");
      String path = dir.resolve("through-jump.txt").toString();
      ssh.put("via jump".getBytes(StandardCharsets.UTF_8), path, FileMode.PUBLIC);
      assertThat(ssh.get(path)).asString(StandardCharsets.UTF_8).isEqualTo("via jump");
    }

    assertThat(bastion.log()).contains("target 127.0.0.1 port " + target.port());
    assertThat(config.toString()).contains("via root@127.0.0.1:" + bastion.port());
  }

  @Test
  void bastionThatRefusesForwardingIsNamedInTheError() {
    SshConfig config = target.configFor("root", key).jumpHost(closedBastion.configFor("root", key).build()).build();

    assertThatThrownBy(() -> SshTransport.connect(config))
        .isInstanceOf(ConnectionException.class)
        .hasMessageStartingWith("connect on root@127.0.0.1:" + target.port() + " failed: cannot reach 127.0.0.1:"
            + target.port() + " via root@127.0.0.1:" + closedBastion.port());
  }

  @Test
  void unreachableBastionFailsWithTheBastionNamed() throws Exception {
    int closed = TestSshd.freePort();
    SshConfig bastionConfig = bastion.configFor("root", key).port(closed).build();

    assertThatThrownBy(() -> SshTransport.connect(target.configFor("root", key).jumpHost(bastionConfig).build()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageStartingWith("connect on root@127.0.0.1:" + closed + " failed: cannot reach");
  }
}
