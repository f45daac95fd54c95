package dev.kubestrap.pki;

import static dev.kubestrap.pki.internal.Names.quote;

import dev.kubestrap.pki.internal.CertificateFacts;
import dev.kubestrap.pki.internal.X509Signer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A certificate authority: a CA certificate and the private key that signs with it, a {@link CertifiedKey} whose
 * accessors give the certificate, key, PEM text, subject and validity. Immutable.
 *
 * <p>Made three ways: {@link #selfSigned(String)} for a new root, {@link #intermediate(String)} for a CA
 * signed by another one, or {@link #fromPem}/{@link #load} for a CA made elsewhere (openssl, cfssl, kubeadm).
 * Defaults of the builders: validity 10 years ({@link #DEFAULT_VALIDITY}), not-before backdated 5 minutes
 * ({@link #BACKDATE}) for clock skew, key algorithm {@link KeyAlgorithm#ECDSA_P256}, key usage
 * keyCertSign + cRLSign + digitalSignature, critical basic constraints CA:TRUE without a path length.
 */
public final class CertificateAuthority extends CertifiedKey {
  /** Default CA validity: 10 years (87600h), as kubeadm. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);
  /** How far not-before is set in the past, so hosts whose clocks lag slightly accept new certificates. */
  public static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final int CA_KEY_USAGE = KeyUsage.KEY_CERT_SIGN.bit() | KeyUsage.CRL_SIGN.bit()
      | KeyUsage.DIGITAL_SIGNATURE.bit();

  private CertificateAuthority(X509Certificate certificate, KeyPair keyPair) {
    super(certificate, keyPair);
  }

  /** A builder for a new self-signed root CA named {@code commonName}. */
  public static Builder selfSigned(String commonName) {
    return new Builder(commonName, false);
  }

  /** A builder for a CA signed by another CA; {@link Builder#signedBy} is required. */
  public static Builder intermediate(String commonName) {
    return new Builder(commonName, true);
  }

  /**
   * A CA from PEM text. The key may be PKCS#8, PKCS#1 (RSA) or SEC1 (EC); the certificate must carry CA
   * basic constraints and the key must belong to it.
   */
  public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem) {
    return of(Pem.readCertificate(certificatePem, "CA certificate PEM"),
        Pem.readPrivateKey(privateKeyPem, "CA private key PEM"), "CA certificate PEM");
  }

  /** A CA from two PEM files, as {@link #fromPem}; messages name the files. */
  public static CertificateAuthority load(Path certificatePem, Path privateKeyPem) {
    X509Certificate certificate = Pem.readCertificate(certificatePem);
    PrivateKey key = Pem.readPrivateKey(privateKeyPem);
    return of(certificate, key, certificatePem + " with key " + privateKeyPem);
  }

  /** A CA from objects already in memory, checked like {@link #fromPem}. */
  public static CertificateAuthority of(X509Certificate certificate, PrivateKey privateKey) {
    return of(certificate, privateKey, "CA certificate");
  }

  private static CertificateAuthority of(X509Certificate certificate, PrivateKey privateKey, String source) {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    if (!CertificateFacts.isCertificateAuthority(certificate)) {
      throw new PkiException(source + ": certificate " + quote(CertificateFacts.subject(certificate))
          + " is not a CA (basic constraints CA:TRUE missing)");
    }
    boolean[] usage = certificate.getKeyUsage();
    if (usage != null && (usage.length < 6 || !usage[5])) {
      throw new PkiException(source + ": certificate " + quote(CertificateFacts.subject(certificate))
          + " is not a CA (key usage lacks keyCertSign)");
    }
    return new CertificateAuthority(certificate, pairOf(certificate, privateKey, source));
  }

  /** True when this CA's key made the signature on {@code issued}. */
  public boolean signed(X509Certificate issued) {
    if (!issued.getIssuerX500Principal().equals(certificate().getSubjectX500Principal())) {
      return false;
    }
    try {
      issued.verify(publicKey());
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  /** Builds a new CA. Defaults are listed on {@link CertificateAuthority}. */
  public static final class Builder extends SubjectBuilder<Builder> {
    private final String commonName;
    private final boolean intermediate;
    private Integer pathLength;

    private Builder(String commonName, boolean intermediate) {
      super(DEFAULT_VALIDITY);
      this.commonName = commonName;
      this.intermediate = intermediate;
    }

    @Override
    Builder self() {
      return this;
    }

    /** Limits how many CAs may follow below this one. Default: no limit. */
    public Builder pathLength(int pathLength) {
      this.pathLength = pathLength;
      return this;
    }

    public CertificateAuthority build() {
      requireSubject(commonName);
      if (pathLength != null && pathLength < 0) {
        throw new PkiException("pathLength must not be negative: " + pathLength);
      }
      if (intermediate && issuer == null) {
        throw new PkiException("signedBy must be set for the intermediate CA " + quote(commonName));
      }
      if (!intermediate && issuer != null) {
        throw new PkiException("a self-signed CA cannot be signedBy another CA: use CertificateAuthority.intermediate("
            + quote(commonName) + ")");
      }
      Validity.Window window = Validity.window(validity, clock, issuer);
      KeyPair pair = keyPairToCertify();
      X509Signer.Template template = new X509Signer.Template(commonName, List.copyOf(organizations), List.of(),
          List.of(), CA_KEY_USAGE, List.of(), true, pathLength, window.notBefore(), window.notAfter());
      X509Certificate certificate = X509Signer.sign(template, pair.getPublic(),
          issuer == null ? null : issuer.certificate(), issuer == null ? pair.getPrivate() : issuer.privateKey());
      return new CertificateAuthority(certificate, pair);
    }
  }
}
