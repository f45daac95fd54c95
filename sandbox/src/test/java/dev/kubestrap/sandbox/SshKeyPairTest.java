package dev.kubestrap.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated keys checked by OpenSSH's own ssh-keygen. */
class SshKeyPairTest {

  @TempDir
  Path directory;

  @Test
  void opensshReadsThePrivateKeyAndAgreesOnThePublicKeyAndFingerprint() throws Exception {
    String sshKeygen = Tools.find("ssh-keygen").orElse(null);
    Assumptions.assumeTrue(sshKeygen != null, "ssh-keygen (openssh-client) is not installed");
    SshKeyPair key = SshKeyPair.generateEd25519();
    Path file = directory.resolve("id_ed25519");

    key.writeTo(file, "test@sandbox");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String derivedPublic = LocalCommand.run(sshKeygen, "-y", "-f", file.toString()).orThrow()
        .stdout().strip();
    assertThat(key.publicKeyLine("test@sandbox")).startsWith(derivedPublic);
    String fingerprint = LocalCommand.run(sshKeygen, "-l", "-E", "sha256", "-f",
        file.resolveSibling("id_ed25519.pub").toString()).orThrow().stdout();
    assertThat(fingerprint).contains(" " + key.fingerprint() + " test@sandbox (ED25519)");
  }

  @Test
  void everyKeyIsNewAndToStringShowsOnlyTheFingerprint() {
    SshKeyPair one = SshKeyPair.generateEd25519();
    SshKeyPair two = SshKeyPair.generateEd25519();

    assertThat(one.fingerprint()).isNotEqualTo(two.fingerprint()).startsWith("SHA256:");
    assertThat(one.toString()).isEqualTo("SshKeyPair[ed25519 " + one.fingerprint() + "]");
  }
}
