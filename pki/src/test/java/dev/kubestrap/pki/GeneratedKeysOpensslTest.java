package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The keys kubestrap generates (through JCA key pair generators) pass openssl's checks. */
class GeneratedKeysOpensslTest {
  @TempDir Path directory;

  @Test
  void rsaKeysPassOpensslsConsistencyCheckAndHaveFipsShapedPrimes() {
    for (int i = 0; i < 3; i++) {
      IssuedCertificate leaf = IssuedCertificate.builder().commonName("rsa " + i).keyAlgorithm(KeyAlgorithm.RSA_2048)
          .signedBy(CertificateAuthority.selfSigned("ca").build()).build();
      Path key = Tools.write(directory, "rsa-" + i + ".pem", leaf.privateKeyPem());
      assertThat(Tools.ok(directory, "openssl", "rsa", "-check", "-noout", "-in", key.toString())).contains("RSA key ok");
      RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) leaf.privateKey();
      assertThat(rsa.getModulus().bitLength()).isEqualTo(2048);
      assertThat(rsa.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
      assertThat(rsa.getPrimeP().bitLength()).isEqualTo(1024);
      assertThat(rsa.getPrimeQ().bitLength()).isEqualTo(1024);
      assertThat(rsa.getPrimeP().subtract(rsa.getPrimeQ()).abs().bitLength()).isGreaterThan(1024 - 100);
      assertThat(rsa.getPrivateExponent().bitLength()).isGreaterThan(1024);
    }
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "ECDSA_P384", "RSA_2048"})
  void opensslVerifiesCertificatesSignedByEachGeneratedCaKey(KeyAlgorithm algorithm) {
    CertificateAuthority ca = CertificateAuthority.selfSigned("ca").keyAlgorithm(algorithm).build();
    IssuedCertificate leaf = IssuedCertificate.builder().commonName("leaf").keyAlgorithm(algorithm)
        .extendedKeyUsage(ExtendedKeyUsage.CLIENT_AUTH).signedBy(ca).build();
    Path caFile = Tools.write(directory, "ca.pem", ca.certificatePem());
    Path leafFile = Tools.write(directory, "leaf.pem", leaf.certificatePem());
    Path keyFile = Tools.write(directory, "leaf-key.pem", leaf.privateKeyPem());
    assertThat(Tools.verify(directory, caFile, leafFile, "sslclient").output()).contains(leafFile + ": OK");
    String fromKey = Tools.ok(directory, "openssl", "pkey", "-in", keyFile.toString(), "-pubout");
    String fromCertificate = Tools.ok(directory, "openssl", "x509", "-in", leafFile.toString(), "-noout", "-pubkey");
    assertThat(fromKey).isEqualTo(fromCertificate);
    assertThat(Tools.ok(directory, "openssl", "x509", "-in", leafFile.toString())).as("same PEM text as openssl's")
        .isEqualTo(leaf.certificatePem());
    if (algorithm.isEcdsa()) {
      assertThat(Tools.ok(directory, "openssl", "ec", "-check", "-noout", "-in", keyFile.toString()))
          .contains("EC Key valid.");
    }
  }
}
