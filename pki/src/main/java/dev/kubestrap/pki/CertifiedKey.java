package dev.kubestrap.pki;

import static dev.kubestrap.pki.internal.Names.quote;

import dev.kubestrap.pki.internal.CertificateFacts;
import dev.kubestrap.pki.internal.Keys;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A certificate together with the private key it certifies: either a leaf ({@link IssuedCertificate}) or a
 * certificate authority ({@link CertificateAuthority}). Immutable; the key always belongs to the certificate (every
 * factory checks it). {@link #toString()} shows the subject, serial, expiry and key type, never key material.
 * Hand one to {@link TlsContext.Builder#identity} to present it in a TLS handshake.
 *
 * <p>PEM output: the certificate as one {@code CERTIFICATE} block; the key unencrypted, SEC1
 * {@code EC PRIVATE KEY} for EC keys and PKCS#8 {@code PRIVATE KEY} for RSA keys (see {@link Pem}).
 */
public abstract sealed class CertifiedKey permits IssuedCertificate, CertificateAuthority {
  private final X509Certificate certificate;
  private final KeyPair keyPair;

  CertifiedKey(X509Certificate certificate, KeyPair keyPair) {
    this.certificate = certificate;
    this.keyPair = keyPair;
  }

  /**
   * The pair of {@code certificate}'s public key and {@code privateKey}, refused with {@code source} in the message
   * when the key belongs to another certificate.
   */
  static KeyPair pairOf(X509Certificate certificate, PrivateKey privateKey, String source) {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    if (!Keys.matches(privateKey, certificate.getPublicKey())) {
      throw new PkiException(source + ": the private key (" + Keys.describe(privateKey)
          + ") does not match the certificate " + quote(CertificateFacts.subject(certificate))
          + " (" + Keys.describe(certificate.getPublicKey()) + ")");
    }
    return new KeyPair(certificate.getPublicKey(), privateKey);
  }

  public final X509Certificate certificate() {
    return certificate;
  }

  public final PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  public final PublicKey publicKey() {
    return keyPair.getPublic();
  }

  public final KeyPair keyPair() {
    return keyPair;
  }

  public final String certificatePem() {
    return Pem.writeCertificate(certificate);
  }

  /** The private key as unencrypted PEM: SEC1 {@code EC PRIVATE KEY} or PKCS#8 {@code PRIVATE KEY} (see {@link Pem}). */
  public final String privateKeyPem() {
    return Pem.writePrivateKey(keyPair);
  }

  public final String commonName() {
    return CertificateFacts.commonName(certificate);
  }

  /** The organizations (O) of the subject, in order; Kubernetes reads each as a group. */
  public final List<String> organizations() {
    return CertificateFacts.organizations(certificate);
  }

  /** The subject in RFC 2253 form; for a CA it is the issuer name of everything the CA signs. */
  public final String subject() {
    return CertificateFacts.subject(certificate);
  }

  public final Instant notBefore() {
    return certificate.getNotBefore().toInstant();
  }

  public final Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  @Override
  public final String toString() {
    return getClass().getSimpleName() + "[subject=" + subject() + ", serial="
        + certificate.getSerialNumber().toString(16) + ", notAfter=" + notAfter() + ", key="
        + Keys.describe(keyPair.getPrivate()) + "]";
  }
}
