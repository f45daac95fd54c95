package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input the issue lists is refused with a {@link PkiException} whose message names the field (or file)
 * and the value, and the store directory is left exactly as it was.
 */
class BadInputTest {
  @TempDir Path store;
  @TempDir Path work;

  private static final CertificateAuthority CA = CertificateAuthority.selfSigned("test ca").build();

  /** Runs {@code action}, expects a refusal naming {@code parts}, and checks the store did not change. */
  private void assertRefused(Runnable action, String... parts) {
    Snapshot before = Snapshot.of(store);
    Throwable thrown = catchThrowable(action::run);
    assertThat(thrown).isInstanceOf(PkiException.class);
    assertThat(thrown.getMessage()).contains(parts);
    assertThat(Snapshot.of(store)).isEqualTo(before);
  }

  private Runnable ensure(KubernetesPki.Builder facts) {
    return () -> PkiStore.at(store).ensure(facts.build());
  }

  private Runnable issueInto(IssuedCertificate.Builder certificate) {
    return () -> PkiStore.at(store).put("leaf", certificate.signedBy(CA).build());
  }

  private static KubernetesPki.Builder facts() {
    return KubernetesPki.builder().controlPlane("master", "10.1.0.15").worker("node", "10.1.0.16");
  }

  @Test
  void invalidIpAddressesAreRefused() {
    assertRefused(ensure(KubernetesPki.builder().controlPlane("master", "10.1.0.300")),
        "controlPlane address", "'10.1.0.300'");
    assertRefused(ensure(facts().worker("node2", "fe80::1%eth0")), "worker address", "'fe80::1%eth0'");
    assertRefused(ensure(facts().addExtraSan("1.2.3.4.5")), "extraSan", "'1.2.3.4.5'");
    assertRefused(ensure(facts().serviceCidr("10.254.0.0")), "serviceCidr", "'10.254.0.0'");
    assertRefused(ensure(facts().serviceCidr("10.254.0.0/33")), "serviceCidr", "'10.254.0.0/33'");
    assertRefused(issueInto(IssuedCertificate.builder().commonName("x").addIpAddress("10.0.0.1/24")),
        "ipAddress", "'10.0.0.1/24'");
  }

  @Test
  void invalidDnsNamesAndTrailingDotsAreRefused() {
    assertRefused(issueInto(IssuedCertificate.builder().commonName("x").addDnsName("bad_name.example")),
        "dnsName", "'bad_name.example'");
    assertRefused(issueInto(IssuedCertificate.builder().commonName("x").addDnsName("kubernetes.default.svc.cluster.local.")),
        "dnsName must not end with a dot", "'kubernetes.default.svc.cluster.local.'");
    assertRefused(ensure(facts().addExtraSan("api.lab.test.")), "extraSan must not end with a dot", "'api.lab.test.'");
    assertRefused(ensure(facts().dnsDomain("cluster..local")), "dnsDomain", "'cluster..local'");
    assertRefused(ensure(facts().worker("Node_2", "10.1.0.17")), "worker name", "'Node_2'");
    assertRefused(ensure(facts().worker("master", "10.1.0.17")), "worker name", "'master'", "already used");
  }

  @Test
  void emptyCommonNamesAreRefused() {
    assertRefused(issueInto(IssuedCertificate.builder().commonName("")), "commonName must not be empty: ''");
    assertRefused(issueInto(IssuedCertificate.builder().commonName("  ")), "commonName must not be empty: '  '");
    assertRefused(issueInto(IssuedCertificate.builder()), "commonName must not be empty: null");
    assertRefused(() -> CertificateAuthority.selfSigned("").build(), "commonName must not be empty: ''");
    assertRefused(ensure(facts().clusterName("")), "clusterName must not be empty: ''");
  }

  @Test
  void aMissingKeyAlgorithmIsRefusedTheSameWayForCertificatesAndCas() {
    assertRefused(issueInto(IssuedCertificate.builder().commonName("x").keyAlgorithm(null)), "keyAlgorithm must be set: null");
    assertRefused(() -> CertificateAuthority.selfSigned("ca").keyAlgorithm(null).build(),
        "keyAlgorithm must be set: null");
  }

  @Test
  void zeroNegativeAndTooLongValiditiesAreRefused() {
    assertRefused(issueInto(IssuedCertificate.builder().commonName("x").validity(Duration.ZERO)),
        "validity must be positive: PT0S");
    assertRefused(issueInto(IssuedCertificate.builder().commonName("x").validity(Duration.ofHours(-1))),
        "validity must be positive: PT-1H");
    assertRefused(() -> CertificateAuthority.selfSigned("ca").validity(Duration.ofDays(-1)).build(),
        "validity must be positive: PT-24H");
    assertRefused(ensure(facts().leafValidity(Duration.ZERO)), "leafValidity must be positive: PT0S");
    assertRefused(ensure(facts().caValidity(Duration.ofDays(-3))), "caValidity must be positive: PT-72H");

    CertificateAuthority shortLived = CertificateAuthority.selfSigned("short ca").validity(Duration.ofDays(30)).build();
    Snapshot before = Snapshot.of(store);
    Throwable thrown = catchThrowable(() -> PkiStore.at(store).put("leaf", IssuedCertificate.builder().commonName("x")
        .validity(Duration.ofDays(60)).signedBy(shortLived).build()));
    assertThat(thrown).isInstanceOf(PkiException.class)
        .hasMessageContaining("validity PT1440H would end at").hasMessageContaining("'CN=short ca'");
    assertThat(Snapshot.of(store)).isEqualTo(before);
  }

  @Test
  void aStoredCaThatEndsBeforeTheLeavesWouldIsRefusedBeforeAnythingIsWritten() {
    CertificateAuthority shortLived = CertificateAuthority.selfSigned("kubernetes").validity(Duration.ofDays(100))
        .build();
    Tools.write(store, "ca.pem", shortLived.certificatePem());
    Tools.write(store, "ca-key.pem", shortLived.privateKeyPem());
    assertRefused(ensure(facts()), "validity PT8760H would end at", "'CN=kubernetes'");
  }

  @Test
  void aCaWithoutCaBasicConstraintsIsRefused() {
    IssuedCertificate leaf = IssuedCertificate.builder().commonName("not a ca").signedBy(CA).build();
    Tools.write(store, "ca.pem", leaf.certificatePem());
    Tools.write(store, "ca-key.pem", leaf.privateKeyPem());
    assertRefused(ensure(facts()), store.resolve("ca.pem").toString(), "'CN=not a ca'", "is not a CA");

    Tools.ok(work, "openssl", "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "key.pem", "-out", "cert.pem", "-days", "3", "-subj", "/CN=openssl leaf",
        "-addext", "basicConstraints=critical,CA:FALSE");
    assertRefused(() -> CertificateAuthority.load(work.resolve("cert.pem"), work.resolve("key.pem")),
        work.resolve("cert.pem").toString(), "'CN=openssl leaf'", "is not a CA");
  }

  @Test
  void aKeyThatDoesNotMatchItsCertificateIsRefused() {
    CertificateAuthority other = CertificateAuthority.selfSigned("other").build();
    Tools.write(store, "ca.pem", CA.certificatePem());
    Tools.write(store, "ca-key.pem", other.privateKeyPem());
    assertRefused(ensure(facts()), store.resolve("ca-key.pem").toString(), "does not match", "'CN=test ca'");
    assertRefused(() -> CertificateAuthority.fromPem(CA.certificatePem(), other.privateKeyPem()),
        "does not match", "'CN=test ca'");
    assertRefused(() -> IssuedCertificate.fromPem(CA.certificatePem(), other.privateKeyPem()), "does not match");
  }

  @Test
  void corruptedPemIsRefusedNamingTheFile() {
    String pem = CA.certificatePem();
    int middle = pem.indexOf('\n') + 20;
    Tools.write(store, "ca.pem", pem.substring(0, middle) + "!!!!" + pem.substring(middle + 4));
    Tools.write(store, "ca-key.pem", CA.privateKeyPem());
    assertRefused(ensure(facts()), store.resolve("ca.pem").toString(), "corrupted");

    Tools.write(store, "ca.pem", pem.substring(0, pem.indexOf("-----END")));
    assertRefused(ensure(facts()), store.resolve("ca.pem").toString(), "corrupted");

    Tools.write(store, "ca.pem", "just some text\n");
    assertRefused(ensure(facts()), store.resolve("ca.pem").toString(), "no -----BEGIN");

    Tools.write(store, "ca.pem", pem);
    Tools.write(store, "ca-key.pem", pem);
    assertRefused(ensure(facts()), store.resolve("ca-key.pem").toString(), "no private key", "CERTIFICATE");
  }

  @Test
  void passwordProtectedKeysAreRefusedWithoutLeakingAnything() {
    Tools.ok(work, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "plain.pem");
    Tools.ok(work, "openssl", "pkey", "-in", "plain.pem", "-aes256", "-passout", "pass:hunter22", "-out", "pkcs8.pem");
    Tools.ok(work, "openssl", "ec", "-in", "plain.pem", "-aes128", "-passout", "pass:hunter22", "-out", "sec1.pem");
    assertThat(Tools.read(work.resolve("pkcs8.pem"))).contains("ENCRYPTED PRIVATE KEY");
    assertThat(Tools.read(work.resolve("sec1.pem"))).contains("Proc-Type: 4,ENCRYPTED");
    Tools.ok(work, "openssl", "req", "-x509", "-new", "-key", "plain.pem", "-out", "ca.pem", "-days", "3",
        "-subj", "/CN=encrypted ca", "-addext", "basicConstraints=critical,CA:TRUE");
    for (String encrypted : new String[] {"pkcs8.pem", "sec1.pem"}) {
      Throwable thrown = catchThrowable(() -> CertificateAuthority.load(work.resolve("ca.pem"), work.resolve(encrypted)));
      assertThat(thrown).isInstanceOf(PkiException.class)
          .hasMessageContaining(work.resolve(encrypted).toString()).hasMessageContaining("password-protected")
          .hasMessageNotContaining("hunter22");
      Tools.write(store, "ca.pem", Tools.read(work.resolve("ca.pem")));
      Tools.write(store, "ca-key.pem", Tools.read(work.resolve(encrypted)));
      assertRefused(ensure(facts()), store.resolve("ca-key.pem").toString(), "password-protected");
    }
  }

  @Test
  void aCertificateWithoutIssuerOrWithKeyCertSignIsRefused() {
    assertRefused(() -> IssuedCertificate.builder().commonName("orphan").build(), "signedBy must be set", "'orphan'");
    assertRefused(issueInto(IssuedCertificate.builder().commonName("sneaky").keyUsage(KeyUsage.KEY_CERT_SIGN)),
        "keyUsage KEY_CERT_SIGN", "'sneaky'");
    assertRefused(() -> CertificateAuthority.intermediate("sub").build(), "signedBy must be set", "'sub'");
    assertThat(Files.exists(store.resolve("leaf.pem"))).isFalse();
  }
}
