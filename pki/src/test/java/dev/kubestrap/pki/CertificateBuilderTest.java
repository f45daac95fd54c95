package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every certificate the builders make carries: serials, validity window, key identifiers, PEM forms. */
class CertificateBuilderTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final CertificateAuthority CA = CertificateAuthority.selfSigned("kubernetes").clock(CLOCK).build();

  private static IssuedCertificate leaf() {
    return IssuedCertificate.builder().commonName("system:node:n1").addOrganization("system:nodes")
        .addSubjectAlternativeName("n1").addSubjectAlternativeName("10.1.0.16").addSubjectAlternativeName("fd00::16")
        .extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CLIENT_AUTH).clock(CLOCK).signedBy(CA).build();
  }

  @Test
  void serialsAreTwentyOctetPositiveAndDistinct() {
    Set<BigInteger> serials = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      BigInteger serial = leaf().certificate().getSerialNumber();
      assertThat(serial.signum()).isPositive();
      assertThat(serial.toByteArray()).hasSize(20);
      serials.add(serial);
    }
    assertThat(serials).hasSize(50);
  }

  @Test
  void defaultsAreOneYearLeavesTenYearCasAndFiveMinutesOfBackdating() {
    IssuedCertificate leaf = leaf();
    assertThat(CA.notBefore()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    assertThat(CA.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
    assertThat(leaf.notBefore()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    assertThat(leaf.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    assertThat(KeyAlgorithm.of(leaf.publicKey())).contains(KeyAlgorithm.ECDSA_P256);
    assertThat(leaf.certificate().getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.certificate().getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(),
        Extension.keyUsage.getId());
    assertThat(CA.certificate().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aLeafNeverStartsBeforeItsCa() {
    Clock earlier = Clock.fixed(NOW.minusSeconds(60), ZoneOffset.UTC);
    IssuedCertificate leaf = IssuedCertificate.builder().commonName("early").clock(earlier).signedBy(CA).build();
    assertThat(leaf.notBefore()).isEqualTo(CA.notBefore());
  }

  @Test
  void theAuthorityKeyIdentifierIsTheCasSubjectKeyIdentifier() {
    X509Certificate leaf = leaf().certificate();
    byte[] caSki = ASN1OctetString.getInstance(ASN1OctetString.getInstance(
        CA.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets()).getOctets();
    AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(
        leaf.getExtensionValue(Extension.authorityKeyIdentifier.getId())).getOctets());
    assertThat(aki.getKeyIdentifierObject().getOctets()).isEqualTo(caSki);
    assertThat(leaf.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
  }

  @Test
  void subjectAlternativeNamesAreSortedIntoDnsAndIpAndReadBack() {
    IssuedCertificate leaf = leaf();
    assertThat(leaf.dnsNames()).containsExactly("n1");
    assertThat(leaf.ipAddresses()).containsExactly("10.1.0.16", "fd00:0:0:0:0:0:0:16");
    assertThat(leaf.organizations()).containsExactly("system:nodes");
    assertThat(leaf.extendedKeyUsages()).containsExactly(ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CLIENT_AUTH);
  }

  @Test
  void pemRoundTripsForCertificatesKeysAndPublicKeys() {
    IssuedCertificate leaf = leaf();
    assertThat(leaf.privateKeyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----");
    IssuedCertificate back = IssuedCertificate.fromPem(leaf.certificatePem(), leaf.privateKeyPem());
    assertThat(back.certificate()).isEqualTo(leaf.certificate());
    assertThat(back.privateKey().getEncoded()).isEqualTo(leaf.privateKey().getEncoded());
    assertThat(Pem.readPublicKey(Pem.writePublicKey(leaf.publicKey())).getEncoded())
        .isEqualTo(leaf.publicKey().getEncoded());
    assertThat(Pem.readPublicKey(leaf.certificatePem()).getEncoded()).isEqualTo(leaf.publicKey().getEncoded());
    assertThat(Pem.readCertificates(Pem.writeCertificates(java.util.List.of(leaf.certificate(), CA.certificate())),
        "chain")).containsExactly(leaf.certificate(), CA.certificate());
    CertificateAuthority ca = CertificateAuthority.fromPem(CA.certificatePem(), CA.privateKeyPem());
    assertThat(ca.signed(leaf.certificate())).isTrue();
  }

  @Test
  void toStringNeverShowsKeyMaterial() {
    IssuedCertificate leaf = leaf();
    String encodedKey = Base64.getEncoder().encodeToString(leaf.privateKey().getEncoded());
    for (String text : new String[] {leaf.toString(), CA.toString()}) {
      assertThat(text).doesNotContain("PRIVATE").doesNotContain(encodedKey.substring(0, 40))
          .doesNotContain(Base64.getEncoder().encodeToString(CA.privateKey().getEncoded()).substring(0, 40));
    }
    assertThat(leaf.toString()).contains("CN=system:node:n1", "ECDSA P-256");
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void everyKeyAlgorithmGeneratesKeysItRecognisesAndSignsWith(KeyAlgorithm algorithm) {
    CertificateAuthority ca = CertificateAuthority.selfSigned("ca " + algorithm).keyAlgorithm(algorithm).build();
    // Certifying the CA's own key pair again keeps the slow RSA-4096 case to one key generation.
    IssuedCertificate leaf = IssuedCertificate.builder().commonName("leaf")
        .keyPair(new java.security.KeyPair(ca.publicKey(), ca.privateKey())).signedBy(ca).build();
    assertThat(KeyAlgorithm.of(leaf.publicKey())).contains(algorithm);
    assertThat(ca.signed(leaf.certificate())).isTrue();
    assertThat(leaf.certificate().getSigAlgName())
        .isEqualTo(algorithm == KeyAlgorithm.ECDSA_P384 ? "SHA384withECDSA" : algorithm.isEcdsa() ? "SHA256withECDSA"
            : "SHA256withRSA");
  }

  @Test
  void theInMemoryIssueIsCompleteAndRenewalKeepsCasAndServiceAccountKey() {
    KubernetesPki pki = KubernetesPki.builder().controlPlane("master", "10.1.0.15").worker("node", "10.1.0.16")
        .kubeletsOnControlPlane(false).clock(CLOCK).build();
    ClusterCertificates issued = pki.issue();
    assertThat(issued.report()).allSatisfy(entry -> assertThat(entry.outcome()).isEqualTo(PkiReportEntry.Outcome.ISSUED));
    assertThat(issued.leaves()).containsKeys("kubelet-client-node").doesNotContainKey("kubelet-client-master");
    assertThat(issued.apiServerKubeletClient().organizations()).isEmpty();
    assertThat(issued.superAdmin().organizations()).containsExactly("system:masters");
    assertThat(issued.serviceAccountPublicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");

    ClusterCertificates renewed = issued.renewLeaves();
    assertThat(renewed.ca()).isSameAs(issued.ca());
    assertThat(renewed.serviceAccountKey()).isSameAs(issued.serviceAccountKey());
    assertThat(renewed.admin().certificate()).isNotEqualTo(issued.admin().certificate());
    assertThat(issued.ca().signed(renewed.admin().certificate())).isTrue();
  }
}
