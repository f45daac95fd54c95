package dev.kubestrap.pki;

import static dev.kubestrap.pki.internal.Names.quote;

import dev.kubestrap.pki.internal.CertificateFacts;
import dev.kubestrap.pki.internal.Keys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A leaf certificate together with its private key. Immutable; {@link #toString()} shows the subject,
 * serial and expiry, never key material.
 */
public final class IssuedCertificate {
  private final X509Certificate certificate;
  private final KeyPair keyPair;

  private IssuedCertificate(X509Certificate certificate, KeyPair keyPair) {
    this.certificate = certificate;
    this.keyPair = keyPair;
  }

  /** Wraps a pair the library just made, so nothing needs checking. */
  static IssuedCertificate trusted(X509Certificate certificate, KeyPair keyPair) {
    return new IssuedCertificate(certificate, keyPair);
  }

  /** Pairs an existing certificate and key, refusing a key that does not belong to the certificate. */
  public static IssuedCertificate of(X509Certificate certificate, PrivateKey privateKey) {
    return of(certificate, privateKey, "certificate");
  }

  /** Reads a certificate and its key from PEM text (PKCS#8, PKCS#1 or SEC1 key). */
  public static IssuedCertificate fromPem(String certificatePem, String privateKeyPem) {
    return of(Pem.readCertificate(certificatePem, "certificate PEM"),
        Pem.readPrivateKey(privateKeyPem, "private key PEM"), "certificate PEM");
  }

  /** Reads a certificate and its key from two PEM files; messages name the files. */
  public static IssuedCertificate load(Path certificatePem, Path privateKeyPem) {
    return of(Pem.readCertificate(certificatePem), Pem.readPrivateKey(privateKeyPem),
        certificatePem + " with key " + privateKeyPem);
  }

  private static IssuedCertificate of(X509Certificate certificate, PrivateKey privateKey, String source) {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    if (!Keys.matches(privateKey, certificate.getPublicKey())) {
      throw new PkiException(source + ": the private key (" + Keys.describe(privateKey)
          + ") does not match the certificate " + quote(CertificateFacts.subject(certificate)));
    }
    return new IssuedCertificate(certificate, new KeyPair(certificate.getPublicKey(), privateKey));
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  public PublicKey publicKey() {
    return keyPair.getPublic();
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  public String certificatePem() {
    return Pem.writeCertificate(certificate);
  }

  /** The private key as unencrypted PEM: SEC1 {@code EC PRIVATE KEY} or PKCS#8 {@code PRIVATE KEY} (see {@link Pem}). */
  public String privateKeyPem() {
    return Pem.writePrivateKey(keyPair);
  }

  public String commonName() {
    return CertificateFacts.commonName(certificate);
  }

  public List<String> organizations() {
    return CertificateFacts.organizations(certificate);
  }

  public List<String> dnsNames() {
    return CertificateFacts.dnsNames(certificate);
  }

  /** IP SANs in canonical Java form ({@code ::1} reads as {@code 0:0:0:0:0:0:0:1}). */
  public List<String> ipAddresses() {
    return CertificateFacts.ipAddresses(certificate);
  }

  public List<ExtendedKeyUsage> extendedKeyUsages() {
    return CertificateFacts.extendedKeyUsages(certificate);
  }

  /** The subject in RFC 2253 form. */
  public String subject() {
    return CertificateFacts.subject(certificate);
  }

  public Instant notBefore() {
    return certificate.getNotBefore().toInstant();
  }

  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  @Override
  public String toString() {
    return "IssuedCertificate[subject=" + subject() + ", serial=" + certificate.getSerialNumber().toString(16)
        + ", notAfter=" + notAfter() + ", key=" + Keys.describe(keyPair.getPrivate()) + "]";
  }
}
