package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CAs made by the real openssl and cfssl, in every key encoding they write, are loaded and used to issue a
 * certificate that openssl then verifies against the foreign CA file.
 */
class ForeignCaInteropTest {
  @TempDir Path directory;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "RSA PKCS#1    | RSA PRIVATE KEY | openssl genrsa -traditional -out ca-key.pem 2048",
      "RSA PKCS#8    | PRIVATE KEY     | openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca-key.pem",
      "EC SEC1       | EC PRIVATE KEY  | openssl ecparam -name prime256v1 -genkey -out ca-key.pem",
      "EC PKCS#8     | PRIVATE KEY     | openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ca-key.pem"})
  void issuesUnderACaMadeByOpenssl(String encoding, String pemType, String generateKey) {
    Tools.ok(directory, generateKey.split(" "));
    assertThat(Tools.read(directory.resolve("ca-key.pem"))).contains("-----BEGIN " + pemType + "-----");
    Tools.ok(directory, "openssl", "req", "-x509", "-new", "-key", "ca-key.pem", "-out", "ca.pem", "-days", "30",
        "-subj", "/O=Lab/CN=openssl root", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");

    CertificateAuthority ca = CertificateAuthority.load(directory.resolve("ca.pem"), directory.resolve("ca-key.pem"));
    issueAndVerify(ca, "ca.pem");
  }

  @ParameterizedTest(name = "cfssl {0}")
  @CsvSource({"rsa,2048,RSA PRIVATE KEY", "ecdsa,256,EC PRIVATE KEY"})
  void issuesUnderACaMadeByCfsslGencertInitca(String algorithm, int size, String pemType) {
    String csr = "{\"CN\":\"kubernetes\",\"key\":{\"algo\":\"" + algorithm + "\",\"size\":" + size + "},"
        + "\"names\":[{\"O\":\"kubernetes\",\"C\":\"china\",\"ST\":\"beijing\",\"L\":\"beijing\",\"OU\":\"CA\"}]}";
    Tools.write(directory, "ca-csr.json", csr);
    Tools.Result json = Tools.run(directory, null, "cfssl", "gencert", "-initca", "ca-csr.json");
    assertThat(json.exitCode()).as(json.output()).isZero();
    String stdoutJson = json.output().substring(json.output().indexOf('{'));
    Tools.Result split = Tools.run(directory, stdoutJson, "cfssljson", "-bare", "ca");
    assertThat(split.exitCode()).as(split.output()).isZero();
    assertThat(Tools.read(directory.resolve("ca-key.pem"))).contains("-----BEGIN " + pemType + "-----");

    CertificateAuthority ca = CertificateAuthority.load(directory.resolve("ca.pem"), directory.resolve("ca-key.pem"));
    assertThat(ca.commonName()).isEqualTo("kubernetes");
    issueAndVerify(ca, "ca.pem");
  }

  @Test
  void anIntermediateCaNamesItsRootAsIssuerAndItsLeavesNameIt() {
    CertificateAuthority root = CertificateAuthority.selfSigned("lab root").organization("Lab").build();
    CertificateAuthority intermediate = CertificateAuthority.intermediate("lab intermediate").signedBy(root)
        .validity(java.time.Duration.ofDays(730)).keyAlgorithm(KeyAlgorithm.ECDSA_P384).build();
    IssuedCertificate leaf = IssuedCertificate.builder().commonName("service").addDnsName("service.lab.test")
        .extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH).signedBy(intermediate).build();

    assertThat(intermediate.certificate().getIssuerX500Principal()).isEqualTo(root.certificate().getSubjectX500Principal());
    assertThat(leaf.certificate().getIssuerX500Principal())
        .isEqualTo(intermediate.certificate().getSubjectX500Principal())
        .isNotEqualTo(root.certificate().getSubjectX500Principal());
    Path rootFile = Tools.write(directory, "root.pem", root.certificatePem());
    Path intermediateFile = Tools.write(directory, "intermediate.pem", intermediate.certificatePem());
    Path leafFile = Tools.write(directory, "leaf.pem", leaf.certificatePem());
    String leafText = Tools.x509Text(directory, leaf.certificatePem());
    assertThat(KubernetesPkiOpensslTest.line(leafText, "Issuer:")).isEqualTo("Issuer: CN = lab intermediate");
    assertThat(Tools.verify(directory, rootFile, leafFile, "sslserver", intermediateFile).output())
        .contains(leafFile + ": OK");
    assertThat(Tools.verify(directory, rootFile, leafFile, "sslserver").exitCode())
        .as("without the intermediate the chain is incomplete").isNotZero();
  }

  private void issueAndVerify(CertificateAuthority ca, String caFile) {
    IssuedCertificate leaf = IssuedCertificate.builder().commonName("kube-apiserver").addDnsName("kubernetes")
        .addIpAddress("10.96.0.1").extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH).validity(java.time.Duration.ofDays(7))
        .signedBy(ca).build();
    Path leafFile = Tools.write(directory, "leaf.pem", leaf.certificatePem());
    Tools.Result verified = Tools.verify(directory, directory.resolve(caFile), leafFile, "sslserver");
    assertThat(verified.output()).contains(leafFile + ": OK");
    String caText = Tools.ok(directory, "openssl", "x509", "-in", caFile, "-noout", "-subject");
    String leafText = Tools.x509Text(directory, leaf.certificatePem());
    assertThat(KubernetesPkiOpensslTest.line(leafText, "Issuer:")).isEqualTo("Issuer: " + caText.trim().substring("subject=".length()));
    String caKeyId = KubernetesPkiOpensslTest.after(Tools.x509Text(directory, ca.certificatePem()),
        "X509v3 Subject Key Identifier:");
    assertThat(KubernetesPkiOpensslTest.after(leafText, "X509v3 Authority Key Identifier:")).endsWith(caKeyId);
  }
}
