package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Other libraries in the same JVM (sshj among them) register Bouncy Castle as a JCA provider; keys read
 * back from PEM then come from that provider and must still be recognised as the certificate's pair.
 */
class RegisteredProviderTest {
  private Provider added;

  @BeforeEach
  void registerBouncyCastle() {
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      added = new BouncyCastleProvider();
      Security.addProvider(added);
    }
  }

  @AfterEach
  void unregister() {
    if (added != null) {
      Security.removeProvider(added.getName());
    }
  }

  @Test
  void storedEcdsaAndRsaAuthoritiesLoadBackWithBouncyCastleRegistered(@TempDir Path dir) {
    for (KeyAlgorithm algorithm : new KeyAlgorithm[] {KeyAlgorithm.ECDSA_P256, KeyAlgorithm.RSA_2048}) {
      Path store = dir.resolve(algorithm.name());
      KubernetesPki pki = KubernetesPki.builder()
          .clusterName("lab")
          .controlPlane("master", "198.18.0.2")
          .worker("node", "198.18.0.3")
          .keyAlgorithm(algorithm)
          .build();
      PkiStore.at(store).ensure(pki);

      ClusterCertificates again = PkiStore.at(store).ensure(pki);

      assertThat(again.report()).allSatisfy(entry ->
          assertThat(entry.outcome()).as(entry.toString()).isEqualTo(PkiReportEntry.Outcome.REUSED));
      assertThat(CertificateAuthority.load(store.resolve("ca.pem"), store.resolve("ca-key.pem")).certificate())
          .isEqualTo(again.ca().certificate());
      assertThat(again.admin().privateKeyPem())
          .as("a key read back is written out byte for byte as it was stored")
          .isEqualTo(Pem.read(store.resolve("admin-key.pem")));
      java.security.PublicKey parsedByBouncyCastle = Pem.readPublicKey(store.resolve("service-account-pub.pem"));
      assertThat(KeyAlgorithm.of(parsedByBouncyCastle)).as(parsedByBouncyCastle.getAlgorithm()).contains(algorithm);
    }
  }
}
