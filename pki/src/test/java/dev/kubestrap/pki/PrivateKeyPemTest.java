package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.pki.PkiReportEntry.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * EC private keys are written as SEC1 ({@code EC PRIVATE KEY}, as openssl and kubeadm write them), RSA keys as
 * PKCS#8; the text is exactly what openssl writes for the same key, and stays the same from run to run. Stores
 * written as PKCS#8 by earlier versions are read, and their EC keys rewritten once as SEC1.
 */
class PrivateKeyPemTest {
  private static final Map<KeyAlgorithm, CertificateAuthority> CAS = new ConcurrentHashMap<>();

  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "ECDSA_P384"})
  void ecKeysAreSec1WithTheCurveAndThePublicKeyAsOpensslWritesThem(KeyAlgorithm algorithm) {
    IssuedCertificate leaf = leaf(algorithm);
    Path key = Tools.write(directory, "key.pem", leaf.privateKeyPem());

    assertThat(leaf.privateKeyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----\n")
        .endsWith("-----END EC PRIVATE KEY-----\n");
    assertThat(Tools.ok(directory, "openssl", "ec", "-check", "-noout", "-in", key.toString())).contains("EC Key valid.");
    assertThat(Tools.ok(directory, "openssl", "ec", "-in", key.toString())).as("openssl's own SEC1 text")
        .endsWith(leaf.privateKeyPem());
    String text = Tools.ok(directory, "openssl", "ec", "-noout", "-text", "-in", key.toString());
    assertThat(text).contains("ASN1 OID: " + (algorithm == KeyAlgorithm.ECDSA_P256 ? "prime256v1" : "secp384r1"))
        .contains("pub:");
  }

  @Test
  void rsaKeysStayPkcs8AsOpensslWritesThem() {
    IssuedCertificate leaf = leaf(KeyAlgorithm.RSA_2048);
    Path key = Tools.write(directory, "key.pem", leaf.privateKeyPem());

    assertThat(leaf.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Tools.ok(directory, "openssl", "pkey", "-in", key.toString())).isEqualTo(leaf.privateKeyPem());
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "RSA_2048"})
  void aKeyReadBackIsWrittenByteForByteTheSame(KeyAlgorithm algorithm) {
    IssuedCertificate leaf = leaf(algorithm);

    IssuedCertificate again = IssuedCertificate.fromPem(leaf.certificatePem(), leaf.privateKeyPem());

    assertThat(again.privateKeyPem()).isEqualTo(leaf.privateKeyPem());
    assertThat(CertificateAuthority.fromPem(ca(algorithm).certificatePem(), ca(algorithm).privateKeyPem())
        .privateKeyPem()).isEqualTo(ca(algorithm).privateKeyPem());
  }

  @Test
  void anEcStoreWrittenAsPkcs8IsKeptItsLeafKeysRewrittenOnceAsSec1AndItsCaKeysLeftAsGiven() throws IOException {
    KubernetesPki facts = facts(KeyAlgorithm.ECDSA_P256);
    ClusterCertificates first = PkiStore.at(directory).ensure(facts);
    for (Path key : keyFiles()) {
      // what earlier versions wrote: the JDK's PKCS#8 encoding in a PRIVATE KEY block
      byte[] pkcs8 = Pem.readPrivateKey(key).getEncoded();
      Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n");
      Tools.ok(directory, "openssl", "pkey", "-noout", "-in", key.toString());
    }

    Snapshot pkcs8 = Snapshot.of(directory);

    ClusterCertificates second = PkiStore.at(directory).ensure(facts);
    Snapshot converted = Snapshot.of(directory);
    ClusterCertificates third = PkiStore.at(directory).ensure(facts);

    assertThat(second.report()).allSatisfy(entry -> assertThat(entry.outcome()).as(entry.name()).isEqualTo(Outcome.REUSED));
    assertThat(second.admin().certificate()).isEqualTo(first.admin().certificate());
    assertThat(second.admin().privateKeyPem()).isEqualTo(first.admin().privateKeyPem());
    for (Path key : keyFiles()) {
      String name = key.getFileName().toString();
      if (name.endsWith("ca-key.pem")) {
        // a CA's key is often made elsewhere (openssl, cfssl, kubeadm): its file stays as it was given
        assertThat(Tools.read(key)).as(name).isEqualTo(pkcs8.files().get(name));
      } else {
        assertThat(Tools.read(key)).as(name).startsWith("-----BEGIN EC PRIVATE KEY-----");
      }
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }
    assertThat(third.report()).allSatisfy(entry -> assertThat(entry.outcome()).isEqualTo(Outcome.REUSED));
    assertThat(Snapshot.of(directory)).as("converted once, then left alone").isEqualTo(converted);
  }

  @Test
  void anRsaStoreIsLeftByteForByteAlone() {
    KubernetesPki facts = facts(KeyAlgorithm.RSA_2048);
    PkiStore.at(directory).ensure(facts);
    Snapshot before = Snapshot.of(directory);

    PkiStore.at(directory).ensure(facts);

    assertThat(Snapshot.of(directory)).isEqualTo(before);
  }

  private static KubernetesPki facts(KeyAlgorithm algorithm) {
    return KubernetesPki.builder().controlPlane("cp1", "10.1.0.15").keyAlgorithm(algorithm).build();
  }

  private List<Path> keyFiles() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.getFileName().toString().endsWith("-key.pem")).sorted().toList();
    }
  }

  private static CertificateAuthority ca(KeyAlgorithm algorithm) {
    return CAS.computeIfAbsent(algorithm, a -> CertificateAuthority.selfSigned("ca").keyAlgorithm(a).build());
  }

  private static IssuedCertificate leaf(KeyAlgorithm algorithm) {
    return IssuedCertificate.builder().commonName("leaf").keyAlgorithm(algorithm).signedBy(ca(algorithm)).build();
  }
}
