package dev.kubestrap.transport.ssh;

import dev.kubestrap.transport.testing.TestSshd;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A real OpenSSH server for one test class and one root connection to it, shared by the class's tests. */
abstract class OneRootSession {
  @TempDir
  static Path dir;

  static TestSshd sshd;
  static SshTransport ssh;

  @BeforeAll
  static void start() {
    sshd = TestSshd.start(dir.resolve("sshd"));
    ssh = sshd.connectAsRoot(dir.resolve("client"));
  }

  @AfterAll
  static void stop() {
    if (ssh != null) {
      ssh.close();
    }
    sshd.close();
  }
}
