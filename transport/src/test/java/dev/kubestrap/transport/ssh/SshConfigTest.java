package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {
  @TempDir
  Path dir;

  @Test
  void defaultsAreTheDocumentedOnes() {
    SshConfig config = SshConfig.builder().host("198.18.0.2").build();

    assertThat(config.target()).isEqualTo("root@198.18.0.2:22");
    assertThat(config.knownHosts()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
    assertThat(config.globalKnownHosts()).isEqualTo(Path.of("/etc/ssh/ssh_known_hosts"));
    assertThat(config.acceptNewHostKeys()).isFalse();
    assertThat(config.legacyAlgorithms()).isFalse();
    assertThat(config.hostKeyFingerprint()).isEmpty();
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.keepAlive()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.deadPeerTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.sudo()).isFalse();
    assertThat(config.usesDefaultAuthentication()).isTrue();
    assertThat(config.jumpHost()).isEmpty();
  }

  @Test
  void toStringNamesTheTargetAndNeverASecret() throws Exception {
    Path key = Files.writeString(dir.resolve("id"), "not really a key");
    SshConfig config = SshConfig.builder()
        .host("198.18.0.3").port(2222).user("debian")
        .privateKey(key, "passphrase-123"::toCharArray)
        .password("password-456"::toCharArray)
        .sudo("sudo-789"::toCharArray)
        .jumpHost(SshConfig.builder().host("198.18.0.1").build())
        .build();

    assertThat(config.toString())
        .startsWith("SshConfig[debian@198.18.0.3:2222, key " + key + " (encrypted), password")
        .contains("sudo with password", "via root@198.18.0.1:22")
        .doesNotContain("passphrase-123", "password-456", "sudo-789");
  }

  @Test
  void ipv6HostsAreBracketedInTheTarget() {
    assertThat(SshConfig.builder().host("fd00::2").build().target()).isEqualTo("root@[fd00::2]:22");
  }

  @Test
  void buildRejectsBadValuesNamingFieldAndValue() {
    assertThatThrownBy(() -> SshConfig.builder().build()).hasMessage("host must not be empty: ''");
    assertThatThrownBy(() -> SshConfig.builder().host("a b").build())
        .hasMessage("host must be a host name or IP address: 'a b'");
    assertThatThrownBy(() -> SshConfig.builder().host("h").port(0).build()).hasMessage("port must be between 1 and 65535: 0");
    assertThatThrownBy(() -> SshConfig.builder().host("h").user("").build()).hasMessage("user must be a user name: ''");
    assertThatThrownBy(() -> SshConfig.builder().host("h").privateKey(dir.resolve("missing")).build())
        .hasMessage("privateKey must be a readable file: " + dir.resolve("missing"));
    assertThatThrownBy(() -> SshConfig.builder().host("h").hostKeyFingerprint("MD5:aa:bb").build())
        .hasMessage("hostKeyFingerprint must look like SHA256:<43 base64 characters>: 'MD5:aa:bb'");
    assertThatThrownBy(() -> SshConfig.builder().host("h").commandTimeout(Duration.ZERO).build())
        .hasMessage("commandTimeout must be positive: PT0S");
    assertThatThrownBy(() -> SshConfig.builder().host("h").keepAlive(Duration.ofMillis(10)).build())
        .hasMessage("keepAlive must be zero or at least 100 ms: PT0.01S");
    assertThatThrownBy(() -> SshConfig.builder().host("h").deadPeerTimeout(Duration.ofSeconds(-1)).build())
        .hasMessage("deadPeerTimeout must be positive: PT-1S");
    assertThatThrownBy(() -> SshConfig.builder().host("h").keepAlive(Duration.ofSeconds(30)).build())
        .hasMessage("deadPeerTimeout must be longer than keepAlive (PT30S): PT20S");
  }

  @Test
  void pinningAndAcceptingNewKeysExcludeEachOther() {
    String fingerprint = "SHA256:" + "A".repeat(43);

    assertThatThrownBy(() -> SshConfig.builder().host("h").hostKeyFingerprint(fingerprint).acceptNewHostKeys().build())
        .hasMessage("acceptNewHostKeys cannot be combined with hostKeyFingerprint: '" + fingerprint + "'");
  }

  @Test
  void toBuilderDerivesAVariant() {
    SshConfig base = SshConfig.builder().host("h").user("debian").build();

    SshConfig root = base.toBuilder().user("root").sudo().build();

    assertThat(root.target()).isEqualTo("root@h:22");
    assertThat(root.sudo()).isTrue();
    assertThat(base.sudo()).isFalse();
  }
}
