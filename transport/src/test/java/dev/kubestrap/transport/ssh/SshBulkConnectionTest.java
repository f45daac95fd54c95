package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.internal.Sha256;
import dev.kubestrap.transport.testing.TestSshd;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SshTransport#bulk()} against a real OpenSSH server: a second connection, owned by the first. */
class SshBulkConnectionTest {
  @TempDir
  Path dir;

  TestSshd sshd;
  SshTransport ssh;

  @BeforeEach
  void start() {
    sshd = TestSshd.start(dir.resolve("sshd"));
    ssh = sshd.connectAsRoot(dir.resolve("client"));
  }

  @AfterEach
  void stop() {
    if (ssh != null) {
      ssh.close();
    }
    sshd.close();
  }

  /** The client's address and port as the host sees them: one per TCP connection. */
  private static String connectionOf(Transport transport) {
    return transport.run(Command.script("echo \"${SSH_CONNECTION% * *}\"")).stdoutTrimmed();
  }

  @Test
  void bulkIsASecondConnectionSharedByEveryCallerAndKeptWhenAViewIsClosed() {
    Transport bulk = ssh.bulk();
    String main = connectionOf(ssh);
    String second = connectionOf(bulk);

    assertThat(second).isNotEmpty().isNotEqualTo(main);
    bulk.close();
    assertThat(connectionOf(ssh.bulk())).as("closing a view leaves the connection, and it is shared").isEqualTo(second);
    bulk.put(new byte[] {1, 2, 3}, dir.resolve("over-bulk").toString(), FileMode.PUBLIC);
    assertThat(ssh.sha256(dir.resolve("over-bulk").toString())).as("the same host, seen from the first")
        .hasValue(Sha256.hex(new byte[] {1, 2, 3}));
  }

  @Test
  void closingTheTransportClosesItsBulkConnection() {
    Transport bulk = ssh.bulk();
    connectionOf(bulk);

    ssh.close();

    assertThatThrownBy(() -> connectionOf(bulk)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(ssh::bulk).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
