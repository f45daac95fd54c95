package dev.kubestrap.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ConnectionException;
import dev.kubestrap.transport.testing.KeyPair;
import dev.kubestrap.transport.testing.TestSshd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the client offers, as the real OpenSSH server logs it, and what happens with a server that offers only an
 * old algorithm: refused by default, reached with {@code legacyAlgorithms()}.
 *
 * <p>The expected lists are OpenSSH's client defaults as ssh_config(5) of OpenSSH 9.2 (Debian 12) states them
 * (KexAlgorithms, HostKeyAlgorithms, Ciphers, MACs), less what sshj does not implement (sntrup761x25519-sha512, the
 * umac MACs, security-key and RSA certificate host keys); ciphers are in kubestrap's order (AES-GCM first).
 */
class SshAlgorithmsTest {
  private static final List<String> KEX = List.of("curve25519-sha256", "curve25519-sha256@libssh.org",
      "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256",
      "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256");
  private static final List<String> HOST_KEYS = List.of("ssh-ed25519-cert-v01@openssh.com",
      "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com",
      "ecdsa-sha2-nistp521-cert-v01@openssh.com", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
      "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256");
  private static final List<String> CIPHERS = List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
      "aes128-ctr", "aes192-ctr", "aes256-ctr", "chacha20-poly1305@openssh.com");
  private static final List<String> MACS = List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
      "hmac-sha1-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1");
  /** Markers sshj adds to its KEX list: RFC 8308 extension negotiation and OpenSSH's strict key exchange. */
  private static final List<String> KEX_MARKERS = List.of("ext-info-c", "kex-strict-c-v00@openssh.com");

  @TempDir
  Path dir;

  @Test
  void theClientOffersOpenSshsDefaultsInTheirOrder() {
    try (TestSshd sshd = TestSshd.start(dir.resolve("sshd"), "LogLevel DEBUG2")) {
      KeyPair key = KeyPair.ed25519(dir.resolve("client"), "id_ed25519");
      sshd.authorize("root", key);

      whoami(sshd.configFor("root", key).build());

      Offer offer = Offer.fromLog(sshd.log());
      List<String> kex = new ArrayList<>(KEX);
      kex.addAll(KEX_MARKERS);
      assertThat(offer.kex()).isEqualTo(kex);
      assertThat(offer.hostKeys()).containsExactlyInAnyOrderElementsOf(HOST_KEYS);
      assertThat(offer.ciphers()).isEqualTo(CIPHERS);
      assertThat(offer.macs()).isEqualTo(MACS);
    }
  }

  @Test
  void withTheOptInTheOldAlgorithmsFollowTheDefaults() {
    try (TestSshd sshd = TestSshd.start(dir.resolve("sshd"), "LogLevel DEBUG2")) {
      KeyPair key = KeyPair.ed25519(dir.resolve("client"), "id_ed25519");
      sshd.authorize("root", key);

      whoami(sshd.configFor("root", key).legacyAlgorithms().build());

      Offer offer = Offer.fromLog(sshd.log());
      assertThat(offer.kex()).startsWith(KEX.toArray(String[]::new))
          .contains("diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1");
      assertThat(offer.hostKeys()).contains("ssh-rsa", "ssh-dss");
      assertThat(offer.ciphers()).startsWith(CIPHERS.toArray(String[]::new)).contains("aes128-cbc", "3des-cbc");
      assertThat(offer.macs()).startsWith(MACS.toArray(String[]::new)).contains("hmac-md5", "hmac-sha1-96");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "diffie-hellman-group1-sha1         | ed25519 | KexAlgorithms diffie-hellman-group1-sha1",
      "diffie-hellman-group14-sha1        | ed25519 | KexAlgorithms diffie-hellman-group14-sha1",
      "diffie-hellman-group-exchange-sha1 | ed25519 | KexAlgorithms diffie-hellman-group-exchange-sha1",
      "ssh-rsa                            | rsa     | HostKeyAlgorithms ssh-rsa",
      "ssh-dss                            | dsa     | HostKeyAlgorithms ssh-dss",
      "aes128-cbc                         | ed25519 | Ciphers aes128-cbc",
      "3des-cbc                           | ed25519 | Ciphers 3des-cbc",
      "hmac-md5                           | ed25519 | Ciphers aes128-ctr; MACs hmac-md5"})
  void aServerWithOnlyAnOldAlgorithmIsRefusedUnlessOptedIn(String algorithm, String hostKeyType, String lines) {
    KeyPair hostKey = KeyPair.generate(dir.resolve("host"), "ssh_host_" + hostKeyType + "_key", hostKeyType, "", false);
    List<String> config = new ArrayList<>(Arrays.asList(lines.split("; ")));
    config.add("HostKey " + hostKey.privateKey());
    try (TestSshd sshd = TestSshd.start(dir.resolve("sshd"), config.toArray(String[]::new))) {
      KeyPair key = KeyPair.ed25519(dir.resolve("client"), "id_ed25519");
      sshd.authorize("root", key);
      SshConfig.Builder builder = sshd.configFor("root", key).hostKeyFingerprint(hostKey.fingerprint());

      assertThatThrownBy(() -> whoami(builder.build()))
          .isInstanceOf(ConnectionException.class)
          .hasMessageStartingWith("connect on root@127.0.0.1:" + sshd.port() + " failed: no ")
          .hasMessageContaining(algorithm)
          .hasMessageContaining("legacyAlgorithms()");
      assertThat(whoami(builder.legacyAlgorithms().build())).isEqualTo("root");
    }
  }

  private static String whoami(SshConfig config) {
    try (SshTransport ssh = SshTransport.connect(config)) {
      return ssh.run(Command.of("whoami")).stdoutTrimmed();
    }
  }

  /** The client's KEXINIT proposal as sshd logs it at DEBUG2. */
  private record Offer(List<String> kex, List<String> hostKeys, List<String> ciphers, List<String> macs) {
    static Offer fromLog(String log) {
      String proposal = log.substring(log.indexOf("peer client KEXINIT proposal"));
      return new Offer(list(proposal, "KEX algorithms"), list(proposal, "host key algorithms"),
          list(proposal, "ciphers ctos"), list(proposal, "MACs ctos"));
    }

    private static List<String> list(String proposal, String label) {
      Matcher matcher = Pattern.compile("debug2: " + Pattern.quote(label) + ": (\\S+)").matcher(proposal);
      assertThat(matcher.find()).as("'%s' in sshd's log", label).isTrue();
      return List.of(matcher.group(1).split(","));
    }
  }
}
