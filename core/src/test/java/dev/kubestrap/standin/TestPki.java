package dev.kubestrap.standin;

import dev.kubestrap.pki.Certificate;
import dev.kubestrap.pki.CertificateAuthority;
import dev.kubestrap.pki.ExtendedKeyUsage;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.pki.KeyUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: a CA that issues loopback serving and client certificates into PEM files in a directory. */
final class TestPki {
  final CertificateAuthority ca;
  private final Path dir;

  TestPki(String name, Path dir) {
    this.ca = CertificateAuthority.selfSigned(name).build();
    this.dir = dir;
    write(name + "-ca.pem", ca.certificatePem());
  }

  Path caFile() {
    return dir.resolve(ca.commonName() + "-ca.pem");
  }

  /** A certificate for {@code 127.0.0.1} usable for both serving and client authentication; returns the cert file. */
  Path issue(String fileName, String commonName, String... organizations) {
    Certificate.Builder builder = Certificate.builder().commonName(commonName).addIpAddress("127.0.0.1")
        .addDnsName("localhost").keyUsage(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT)
        .extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CLIENT_AUTH).signedBy(ca);
    for (String organization : organizations) {
      builder.addOrganization(organization);
    }
    IssuedCertificate issued = builder.issue();
    write(fileName + "-key.pem", issued.privateKeyPem());
    return write(fileName + ".pem", issued.certificatePem());
  }

  IssuedCertificate read(String fileName) {
    return IssuedCertificate.load(dir.resolve(fileName + ".pem"), dir.resolve(fileName + "-key.pem"));
  }

  static Path keyOf(Path certFile) {
    return certFile.resolveSibling(certFile.getFileName().toString().replace(".pem", "-key.pem"));
  }

  private Path write(String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
