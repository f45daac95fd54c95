package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ConnectionException;
import dev.kubestrap.transport.testing.KeyPair;
import dev.kubestrap.transport.testing.TestSshd;
import dev.kubestrap.transport.testing.TestUser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files in several formats, encrypted keys, ssh-agent and passwords, against a real OpenSSH server. */
class SshAuthenticationTest {
  private static final String PASSWORD_USER = TestUser.uniqueName("pass");
  private static final String PASSWORD = "Corr3ct-h0rse-battery";

  @TempDir
  static Path dir;

  private static TestSshd sshd;
  private static TestUser passwordUser;

  @BeforeAll
  static void start() {
    sshd = TestSshd.start(dir.resolve("sshd"));
    passwordUser = TestUser.ensure(PASSWORD_USER, PASSWORD, TestUser.Sudo.NONE);
  }

  @AfterAll
  static void stop() {
    sshd.close();
    if (passwordUser != null) {
      passwordUser.close();
    }
  }

  private static SshConfig.Builder base(String user) {
    return SshConfig.builder().host("127.0.0.1").port(sshd.port()).user(user).hostKeyFingerprint(sshd.hostKey().fingerprint());
  }

  private static String whoami(SshConfig config) {
    try (SshTransport ssh = SshTransport.connect(config)) {
      return ssh.run(Command.of("whoami")).stdoutTrimmed();
    }
  }

  @Test
  void unencryptedOpenSshEd25519Key() {
    KeyPair key = KeyPair.ed25519(dir.resolve("k1"), "id_ed25519");
    sshd.authorize("root", key);

    assertThat(whoami(base("root").privateKey(key.privateKey()).build())).isEqualTo("root");
  }

  @Test
  void unencryptedPemRsaKey() {
    KeyPair key = KeyPair.generate(dir.resolve("k2"), "id_rsa", "rsa", "", true);
    sshd.authorize("root", key);

    assertThat(whoami(base("root").privateKey(key.privateKey()).build())).isEqualTo("root");
  }

  @Test
  void encryptedOpenSshKeyWithPassphraseSupplier() {
    KeyPair key = KeyPair.generate(dir.resolve("k3"), "id_ed25519", "ed25519", "open sesame", false);
    sshd.authorize("root", key);

    assertThat(whoami(base("root").privateKey(key.privateKey(), "open sesame"::toCharArray).build())).isEqualTo("root");
  }

  @Test
  void encryptedPemRsaKeyWithPassphraseSupplier() {
    KeyPair key = KeyPair.generate(dir.resolve("k4"), "id_rsa", "rsa", "pem pass", true);
    sshd.authorize("root", key);

    assertThat(whoami(base("root").privateKey(key.privateKey(), "pem pass"::toCharArray).build())).isEqualTo("root");
  }

  @Test
  void wrongPassphraseFailsNamingTheHostButNotThePassphrase() {
    KeyPair key = KeyPair.generate(dir.resolve("k5"), "id_ed25519", "ed25519", "right one", false);
    sshd.authorize("root", key);

    assertThatThrownBy(() -> whoami(base("root").privateKey(key.privateKey(), "wrong one"::toCharArray).build()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageStartingWith("authenticate on root@127.0.0.1:" + sshd.port() + " failed:")
        .hasMessageNotContaining("wrong one")
        .hasMessageNotContaining("right one");
  }

  @Test
  void passwordAuthentication() {
    assertThat(whoami(base(PASSWORD_USER).password(PASSWORD::toCharArray).build())).isEqualTo(PASSWORD_USER);
  }

  @Test
  void theCallersPasswordArrayIsNeverWipedSoEveryLoginCanUseIt() {
    char[] password = PASSWORD.toCharArray();
    SshConfig config = base(PASSWORD_USER).password(() -> password).build();

    assertThat(whoami(config)).isEqualTo(PASSWORD_USER);
    assertThat(whoami(config)).as("a second connection with the same array").isEqualTo(PASSWORD_USER);
    assertThat(password).containsExactly(PASSWORD.toCharArray());
  }

  @Test
  void refusedPasswordFailsFastNamingTheHostNotThePassword() {
    Instant start = Instant.now();

    assertThatThrownBy(() -> whoami(base(PASSWORD_USER).password("not-it-at-all"::toCharArray).build()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageStartingWith("authenticate on " + PASSWORD_USER + "@127.0.0.1:" + sshd.port()
            + " failed: the server refused user " + PASSWORD_USER)
        .hasMessageNotContaining("not-it-at-all");
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void unauthorizedKeyIsRefusedNamingTheHost() {
    KeyPair stranger = KeyPair.ed25519(dir.resolve("k6"), "stranger");

    assertThatThrownBy(() -> whoami(base("root").privateKey(stranger.privateKey()).build()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("authenticate on root@127.0.0.1:" + sshd.port() + " failed: the server refused user root (tried publickey)");
  }

  @Test
  void keysFromAnSshAgent() throws Exception {
    KeyPair key = KeyPair.generate(dir.resolve("k7"), "id_agent", "ed25519", "", false);
    KeyPair rsa = KeyPair.generate(dir.resolve("k7"), "id_agent_rsa", "rsa", "", false);
    sshd.authorize("root", rsa);
    Path socket = dir.resolve("agent.sock");
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("agent.log").toFile()).start();
    try {
      awaitSocket(socket);
      addToAgent(socket, key.privateKey());
      addToAgent(socket, rsa.privateKey());

      assertThat(whoami(base("root").agent(socket).build())).isEqualTo("root");
    } finally {
      agent.destroy();
      agent.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void addToAgent(Path socket, Path key) throws IOException, InterruptedException {
    ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
    add.environment().put("SSH_AUTH_SOCK", socket.toString());
    Process process = add.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }

  private static void awaitSocket(Path socket) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!Files.exists(socket) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(socket).exists();
  }

  @Test
  void unreachablePortFailsFastNamingTheHost() throws IOException {
    int closedPort = TestSshd.freePort();
    Instant start = Instant.now();

    assertThatThrownBy(() -> whoami(base("root").port(closedPort).password("x"::toCharArray).build()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageStartingWith("connect on root@127.0.0.1:" + closedPort + " failed: cannot reach 127.0.0.1:" + closedPort)
        .hasMessageContaining("Connection refused");
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void serverThatNeverSpeaksTimesOutInsteadOfHanging() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try (Socket accepted = silent.accept()) {
          Thread.sleep(20_000);
        } catch (IOException | InterruptedException ignored) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      Instant start = Instant.now();

      assertThatThrownBy(() -> whoami(base("root").port(silent.getLocalPort()).password("x"::toCharArray)
              .connectTimeout(Duration.ofSeconds(1)).build()))
          .isInstanceOf(ConnectionException.class)
          .hasMessageStartingWith("connect on root@127.0.0.1:" + silent.getLocalPort() + " failed:");
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(8));
      acceptor.interrupt();
    }
  }
}
