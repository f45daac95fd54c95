package dev.kubestrap.pki;

import static dev.kubestrap.pki.internal.Names.quote;

import dev.kubestrap.pki.internal.CertificateFacts;
import dev.kubestrap.pki.internal.Names;
import dev.kubestrap.pki.internal.X509Signer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A leaf (end-entity) certificate together with its private key: a {@link CertifiedKey}, whose accessors give the
 * certificate, key, PEM text, subject and validity; this type adds the SANs and extended key usages. Immutable;
 * {@link #toString()} shows the subject, serial and expiry, never key material. Issue one under a {@link CertificateAuthority} with its builder:
 * {@code IssuedCertificate.builder().commonName("kube-apiserver").addDnsName("kubernetes")
 * .extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH).signedBy(ca).build()}; or pair an existing certificate and key
 * ({@link #of}, {@link #fromPem}, {@link #load}).
 *
 * <p>Builder defaults: validity 1 year ({@link #DEFAULT_VALIDITY}), never past the issuing CA's not-after (a longer
 * validity is refused, not shortened); not-before backdated 5 minutes but not before the CA's not-before;
 * key algorithm {@link KeyAlgorithm#ECDSA_P256}; key usage digitalSignature + keyEncipherment (as kubeadm);
 * no extended key usage; no organizations; no SANs. Every certificate gets a random 20-octet serial,
 * subject and authority key identifiers, and critical basic constraints CA:FALSE.
 */
public final class IssuedCertificate extends CertifiedKey {
  /** Default leaf validity: 1 year (8760h), as kubeadm and the seed. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

  private IssuedCertificate(X509Certificate certificate, KeyPair keyPair) {
    super(certificate, keyPair);
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
    return new IssuedCertificate(certificate, pairOf(certificate, privateKey, source));
  }

  public List<String> dnsNames() {
    return CertificateFacts.dnsNames(certificate());
  }

  /** IP SANs in canonical Java form ({@code ::1} reads as {@code 0:0:0:0:0:0:0:1}). */
  public List<String> ipAddresses() {
    return CertificateFacts.ipAddresses(certificate());
  }

  public List<ExtendedKeyUsage> extendedKeyUsages() {
    return CertificateFacts.extendedKeyUsages(certificate());
  }

  /** A builder of a new leaf certificate and its key; {@link Builder#build()} checks everything and signs. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects what the certificate states; {@link #build()} validates it all and signs. */
  public static final class Builder extends SubjectBuilder<Builder> {
    private String commonName;
    private final Set<String> dnsNames = new LinkedHashSet<>();
    private final Set<String> ipAddresses = new LinkedHashSet<>();
    private Set<KeyUsage> keyUsages = EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT);
    private Set<ExtendedKeyUsage> extendedKeyUsages = EnumSet.noneOf(ExtendedKeyUsage.class);

    private Builder() {
      super(DEFAULT_VALIDITY);
    }

    @Override
    Builder self() {
      return this;
    }

    /** The subject common name (CN); required, Kubernetes reads it as the user name. */
    public Builder commonName(String commonName) {
      this.commonName = commonName;
      return this;
    }

    /** Adds a DNS subject alternative name; no trailing dot, a leading {@code *.} wildcard is allowed. */
    public Builder addDnsName(String dnsName) {
      dnsNames.add(dnsName);
      return this;
    }

    /** Adds an IPv4 or IPv6 subject alternative name. */
    public Builder addIpAddress(String ipAddress) {
      ipAddresses.add(ipAddress);
      return this;
    }

    /** Adds a SAN that is an IP address when it looks like one (digits and dots, or a colon), else a DNS name. */
    public Builder addSubjectAlternativeName(String name) {
      if (name != null && Names.looksLikeIpAddress(name)) {
        return addIpAddress(name);
      }
      return addDnsName(name);
    }

    /** Replaces the key usages. Default digitalSignature + keyEncipherment; keyCertSign is for CAs only. */
    public Builder keyUsage(KeyUsage... usages) {
      keyUsages = usages.length == 0 ? EnumSet.noneOf(KeyUsage.class) : EnumSet.copyOf(List.of(usages));
      return this;
    }

    /** Replaces the extended key usages. Default: none (the extension is left out). */
    public Builder extendedKeyUsage(ExtendedKeyUsage... usages) {
      extendedKeyUsages = usages.length == 0 ? EnumSet.noneOf(ExtendedKeyUsage.class) : EnumSet.copyOf(List.of(usages));
      return this;
    }

    /** Validates everything, then generates the key (unless given) and signs. */
    public IssuedCertificate build() {
      requireSubject(commonName);
      if (issuer == null) {
        throw new PkiException("signedBy must be set: the certificate " + quote(commonName) + " needs an issuing CA");
      }
      List<String> dns = new ArrayList<>();
      dnsNames.forEach(name -> dns.add(Names.requireDnsName("dnsName", name)));
      List<String> ips = new ArrayList<>();
      ipAddresses.forEach(address -> ips.add(Names.requireIpAddress("ipAddress", address)));
      if (keyUsages.contains(KeyUsage.KEY_CERT_SIGN)) {
        throw new PkiException("keyUsage KEY_CERT_SIGN is only for CAs: use CertificateAuthority.intermediate("
            + quote(commonName) + ")");
      }
      Validity.Window window = Validity.window(validity, clock, issuer);
      int usageBits = keyUsages.stream().mapToInt(KeyUsage::bit).reduce(0, (a, b) -> a | b);
      X509Signer.Template template = new X509Signer.Template(commonName, List.copyOf(organizations),
          List.copyOf(new LinkedHashSet<>(dns)), List.copyOf(new LinkedHashSet<>(ips)), usageBits,
          List.copyOf(extendedKeyUsages), false, null, window.notBefore(), window.notAfter());
      KeyPair pair = keyPairToCertify();
      X509Certificate certificate = X509Signer.sign(template, pair.getPublic(), issuer.certificate(), issuer.privateKey());
      return IssuedCertificate.trusted(certificate, pair);
    }
  }
}
