package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ConnectionException;
import dev.kubestrap.transport.testing.KeyPair;
import dev.kubestrap.transport.testing.Shell;
import dev.kubestrap.transport.testing.TestSshd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host keys checked against known_hosts files written and hashed by OpenSSH's own tools, or pinned. */
class HostKeyVerificationTest {
  @TempDir
  static Path dir;

  @TempDir
  Path scratch;

  private static TestSshd sshd;
  private static KeyPair clientKey;
  private static String hostPattern;

  @BeforeAll
  static void start() {
    sshd = TestSshd.start(dir.resolve("sshd"));
    clientKey = KeyPair.ed25519(dir.resolve("client"), "id_ed25519");
    sshd.authorize("root", clientKey);
    hostPattern = "[127.0.0.1]:" + sshd.port();
  }

  @AfterAll
  static void stop() {
    sshd.close();
  }

  private SshConfig.Builder config(Path knownHosts) {
    return SshConfig.builder().host("127.0.0.1").port(sshd.port()).privateKey(clientKey.privateKey()).knownHosts(knownHosts)
        .globalKnownHosts(scratch.resolve("no_global_known_hosts"));
  }

  private static String whoami(SshConfig config) {
    try (SshTransport ssh = SshTransport.connect(config)) {
      return ssh.run(Command.of("whoami")).stdoutTrimmed();
    }
  }

  @Test
  void knownHostIsAccepted() {
    Path knownHosts = sshd.writeKnownHosts(scratch.resolve("known_hosts"));

    assertThat(whoami(config(knownHosts).build())).isEqualTo("root");
  }

  @Test
  void unknownHostIsRefusedByDefaultWithItsFingerprint() {
    Path knownHosts = scratch.resolve("known_hosts");

    assertThatThrownBy(() -> whoami(config(knownHosts).build()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageStartingWith("connect on root@127.0.0.1:" + sshd.port() + " failed: host key of " + hostPattern + " is unknown")
        .hasMessageContaining(sshd.hostKey().fingerprint())
        .hasMessageContaining("acceptNewHostKeys()");
    assertThat(knownHosts).doesNotExist();
  }

  @Test
  void acceptNewHostKeysRecordsTheKeyOnFirstUseInAFileOpenSshReads() {
    Path knownHosts = scratch.resolve("fresh/.ssh/known_hosts");

    assertThat(whoami(config(knownHosts).acceptNewHostKeys().build())).isEqualTo("root");

    String found = Shell.check("ssh-keygen", "-F", hostPattern, "-f", knownHosts.toString());
    assertThat(found).contains(sshd.hostKey().publicLine().split(" ")[1]);
    assertThat(Shell.check("stat", "-c", "%a", knownHosts.toString()).strip()).isEqualTo("600");
    assertThat(whoami(config(knownHosts).build())).as("known after first use, without the opt-in").isEqualTo("root");
  }

  @Test
  void changedHostKeyIsRefusedEvenWithAcceptNewNamingHostAndBothFingerprints() throws IOException {
    KeyPair impostor = KeyPair.ed25519(scratch, "old_host_key");
    Path knownHosts = scratch.resolve("known_hosts");
    Files.writeString(knownHosts, hostPattern + " " + impostor.publicLine() + "\n");
    String before = Files.readString(knownHosts);

    assertThatThrownBy(() -> whoami(config(knownHosts).acceptNewHostKeys().build()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("HOST KEY CHANGED for " + hostPattern)
        .hasMessageContaining("ssh-ed25519 " + impostor.fingerprint())
        .hasMessageContaining("server offered ssh-ed25519 " + sshd.hostKey().fingerprint());
    assertThat(Files.readString(knownHosts)).isEqualTo(before);
  }

  @Test
  void hostKnownOnlyWithAnotherKeyTypeIsRefusedNotAddedAsNew() throws IOException {
    KeyPair rsa = KeyPair.generate(scratch, "old_rsa", "rsa", "", false);
    Path knownHosts = scratch.resolve("known_hosts");
    Files.writeString(knownHosts, hostPattern + " " + rsa.publicLine() + "\n");

    assertThatThrownBy(() -> whoami(config(knownHosts).acceptNewHostKeys().build()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("HOST KEY CHANGED for " + hostPattern)
        .hasMessageContaining("ssh-rsa " + rsa.fingerprint());
  }

  @Test
  void hashedKnownHostsEntriesWork() throws IOException {
    Path knownHosts = sshd.writeKnownHosts(scratch.resolve("known_hosts"));
    Shell.check("ssh-keygen", "-H", "-f", knownHosts.toString());
    assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain("127.0.0.1");

    assertThat(whoami(config(knownHosts).build())).isEqualTo("root");
  }

  @Test
  void changedKeyBehindAHashedEntryIsRefusedToo() throws IOException {
    KeyPair impostor = KeyPair.ed25519(scratch, "old_host_key");
    Path knownHosts = scratch.resolve("known_hosts");
    Files.writeString(knownHosts, hostPattern + " " + impostor.publicLine() + "\n");
    Shell.check("ssh-keygen", "-H", "-f", knownHosts.toString());

    assertThatThrownBy(() -> whoami(config(knownHosts).build()))
        .hasMessageContaining("HOST KEY CHANGED for " + hostPattern)
        .hasMessageContaining(impostor.fingerprint());
  }

  @Test
  void aRevokedKeyIsRefusedEvenWhenAnotherLineAcceptsIt() throws IOException {
    Path knownHosts = sshd.writeKnownHosts(scratch.resolve("known_hosts"));
    Files.writeString(knownHosts, "@revoked * " + sshd.hostKey().publicLine() + "\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> whoami(config(knownHosts).acceptNewHostKeys().build()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("host key of " + hostPattern + " (ssh-ed25519 " + sshd.hostKey().fingerprint()
            + ") is marked @revoked in " + knownHosts);
  }

  @Test
  void aKeyRevokedInTheGlobalFileIsRefusedToo() throws IOException {
    Path knownHosts = sshd.writeKnownHosts(scratch.resolve("known_hosts"));
    Path global = Files.writeString(scratch.resolve("ssh_known_hosts"), "@revoked * " + sshd.hostKey().publicLine() + "\n");

    assertThatThrownBy(() -> whoami(config(knownHosts).globalKnownHosts(global).build()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("is marked @revoked in " + global);
  }

  @Test
  void acceptNewWritesAHashedEntryIntoAFileOfHashedEntries() throws IOException {
    KeyPair other = KeyPair.ed25519(scratch, "other_host_key");
    Path knownHosts = scratch.resolve("known_hosts");
    Files.writeString(knownHosts, "198.18.0.77 " + other.publicLine() + "\n");
    Shell.check("ssh-keygen", "-H", "-f", knownHosts.toString());

    assertThat(whoami(config(knownHosts).acceptNewHostKeys().build())).isEqualTo("root");

    List<String> lines = Files.readAllLines(knownHosts);
    assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("|1|"));
    assertThat(Files.readString(knownHosts)).doesNotContain("127.0.0.1");
    assertThat(Shell.check("ssh-keygen", "-F", hostPattern, "-f", knownHosts.toString()))
        .contains(sshd.hostKey().publicLine().split(" ")[1]);
    assertThat(whoami(config(knownHosts).build())).as("found again without the opt-in").isEqualTo("root");
  }

  @Test
  void theGlobalKnownHostsFileIsReadToo() throws IOException {
    Path global = sshd.writeKnownHosts(scratch.resolve("ssh_known_hosts"));
    Path user = scratch.resolve("empty_known_hosts");

    assertThat(whoami(config(user).globalKnownHosts(global).build())).isEqualTo("root");
    assertThat(user).doesNotExist();
  }

  @Test
  void aDifferentKeyInTheGlobalFileIsAChangeNotAnUnknownHost() throws IOException {
    KeyPair impostor = KeyPair.ed25519(scratch, "old_host_key");
    Path global = Files.writeString(scratch.resolve("ssh_known_hosts"), hostPattern + " " + impostor.publicLine() + "\n");

    assertThatThrownBy(() -> whoami(config(scratch.resolve("kh")).globalKnownHosts(global).acceptNewHostKeys().build()))
        .hasMessageContaining("HOST KEY CHANGED for " + hostPattern)
        .hasMessageContaining(global + " has ssh-ed25519 " + impostor.fingerprint());
    assertThat(scratch.resolve("kh")).doesNotExist();
  }

  @Test
  void pinnedFingerprintIsAcceptedWithoutKnownHosts() {
    Path absent = scratch.resolve("no_known_hosts");

    assertThat(whoami(config(absent).hostKeyFingerprint(sshd.hostKey().fingerprint()).build())).isEqualTo("root");
    assertThat(absent).doesNotExist();
  }

  @Test
  void wrongPinnedFingerprintIsRefusedNamingBoth() {
    String other = KeyPair.ed25519(scratch, "other").fingerprint();

    assertThatThrownBy(() -> whoami(config(scratch.resolve("kh")).hostKeyFingerprint(other).build()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("connect on root@127.0.0.1:" + sshd.port() + " failed: host key of 127.0.0.1:" + sshd.port()
            + " does not match the pinned fingerprint: expected " + other)
        .hasMessageContaining("server offered ssh-ed25519 " + sshd.hostKey().fingerprint());
  }
}
