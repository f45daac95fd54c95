package dev.kubestrap.transport.ssh;

import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.TransportContractTest;
import dev.kubestrap.transport.testing.KeyPair;
import dev.kubestrap.transport.testing.TestSshd;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The transport contract over a real OpenSSH server, logged in as root. */
class SshTransportContractTest extends TransportContractTest {
  @TempDir
  static Path serverDir;

  private static TestSshd sshd;
  private static SshTransport transport;

  @BeforeAll
  static void start() {
    sshd = TestSshd.start(serverDir.resolve("sshd"));
    KeyPair key = KeyPair.ed25519(serverDir.resolve("client"), "id_ed25519");
    sshd.authorize("root", key);
    transport = SshTransport.connect(sshd.configFor("root", key).build());
  }

  @AfterAll
  static void stop() {
    if (transport != null) {
      transport.close();
    }
    sshd.close();
  }

  @Override
  protected Transport transport() {
    return transport;
  }
}
