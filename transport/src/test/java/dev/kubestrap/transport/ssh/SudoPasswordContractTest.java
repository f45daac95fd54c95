package dev.kubestrap.transport.ssh;

import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.TransportContractTest;
import dev.kubestrap.transport.testing.KeyPair;
import dev.kubestrap.transport.testing.TestSshd;
import dev.kubestrap.transport.testing.TestUser;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The whole contract for a user whose sudo rule asks for a password, answered on stdin. */
class SudoPasswordContractTest extends TransportContractTest {
  static final String USER = TestUser.uniqueName("pw");
  static final String PASSWORD = "s3cret-for-sudo";

  @TempDir
  static Path serverDir;

  private static TestSshd sshd;
  private static TestUser user;
  private static SshTransport transport;

  @BeforeAll
  static void start() {
    user = TestUser.ensure(USER, PASSWORD, TestUser.Sudo.PASSWORD);
    sshd = TestSshd.start(serverDir.resolve("sshd"));
    KeyPair key = KeyPair.ed25519(serverDir.resolve("client"), "id_ed25519");
    sshd.authorize(USER, key);
    transport = SshTransport.connect(sshd.configFor(USER, key).sudo(PASSWORD::toCharArray).build());
  }

  @AfterAll
  static void stop() {
    if (transport != null) {
      transport.close();
    }
    sshd.close();
    user.close();
  }

  @Override
  protected Transport transport() {
    return transport;
  }
}
