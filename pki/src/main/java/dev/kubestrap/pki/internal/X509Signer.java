package dev.kubestrap.pki.internal;

import dev.kubestrap.pki.ExtendedKeyUsage;
import dev.kubestrap.pki.PkiException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Turns a validated {@link Template} into a signed X.509 v3 certificate with Bouncy Castle. The issuer
 * name is always the issuing certificate's subject, never its issuer, so intermediates chain correctly.
 */
public final class X509Signer {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter();

  private X509Signer() {}

  /** Everything a certificate states, already validated by the public builders. */
  public record Template(
      String commonName,
      List<String> organizations,
      List<String> dnsNames,
      List<String> ipAddresses,
      int keyUsageBits,
      List<ExtendedKeyUsage> extendedKeyUsages,
      boolean certificateAuthority,
      Integer pathLength,
      Instant notBefore,
      Instant notAfter) {}

  /** Signs a certificate for {@code subjectKey}; {@code issuer} is null for a self-signed one. */
  public static X509Certificate sign(
      Template template, PublicKey subjectKey, X509Certificate issuer, PrivateKey signingKey) {
    try {
      X500Name subject = subjectName(template.commonName(), template.organizations());
      BigInteger serial = randomSerial();
      Date notBefore = Date.from(template.notBefore());
      Date notAfter = Date.from(template.notAfter());
      X509v3CertificateBuilder builder = issuer == null
          ? new JcaX509v3CertificateBuilder(subject, serial, notBefore, notAfter, subject, subjectKey)
          : new JcaX509v3CertificateBuilder(issuer, serial, notBefore, notAfter, subject, subjectKey);
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      SubjectKeyIdentifier subjectKeyId = extensions.createSubjectKeyIdentifier(subjectKey);
      builder.addExtension(Extension.subjectKeyIdentifier, false, subjectKeyId);
      builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId(extensions, issuer, subjectKeyId));
      BasicConstraints constraints = !template.certificateAuthority()
          ? new BasicConstraints(false)
          : template.pathLength() == null ? new BasicConstraints(true) : new BasicConstraints(template.pathLength());
      builder.addExtension(Extension.basicConstraints, true, constraints);
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(template.keyUsageBits()));
      if (!template.extendedKeyUsages().isEmpty()) {
        KeyPurposeId[] purposes = template.extendedKeyUsages().stream()
            .map(usage -> usage == ExtendedKeyUsage.SERVER_AUTH ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth)
            .toArray(KeyPurposeId[]::new);
        builder.addExtension(Extension.extendedKeyUsage, false, new org.bouncycastle.asn1.x509.ExtendedKeyUsage(purposes));
      }
      List<GeneralName> names = new ArrayList<>();
      template.dnsNames().forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
      template.ipAddresses().forEach(address -> names.add(new GeneralName(GeneralName.iPAddress, address)));
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      String algorithm = Keys.signatureAlgorithm(signingKey);
      java.security.Provider provider = Jca.signer(algorithm);
      ContentSigner signer = new JcaContentSignerBuilder(algorithm).setProvider(provider)
          .build(Jca.signingKey(signingKey, provider));
      return CONVERTER.getCertificate(builder.build(signer));
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new PkiException("cannot sign the certificate for CN=" + template.commonName() + ": " + e.getMessage(), e);
    }
  }

  /** The subject DN as Go and openssl order it: organizations first, then the common name. */
  public static X500Name subjectName(String commonName, List<String> organizations) {
    X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
    organizations.forEach(organization -> name.addRDN(BCStyle.O, organization));
    name.addRDN(BCStyle.CN, commonName);
    return name.build();
  }

  private static AuthorityKeyIdentifier authorityKeyId(
      JcaX509ExtensionUtils extensions, X509Certificate issuer, SubjectKeyIdentifier selfKeyId) {
    if (issuer == null) {
      return new AuthorityKeyIdentifier(selfKeyId.getKeyIdentifier());
    }
    byte[] issuerSki = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (issuerSki != null) {
      // Copy the issuer's own key identifier: CAs made elsewhere may not use the SHA-1 method.
      byte[] keyId = ASN1OctetString.getInstance(ASN1OctetString.getInstance(issuerSki).getOctets()).getOctets();
      return new AuthorityKeyIdentifier(new DEROctetString(keyId).getOctets());
    }
    return new AuthorityKeyIdentifier(extensions.createSubjectKeyIdentifier(issuer.getPublicKey()).getKeyIdentifier());
  }

  /** A positive serial of exactly 20 octets (the RFC 5280 maximum), 159 bits of it random. */
  static BigInteger randomSerial() {
    byte[] bytes = new byte[20];
    RANDOM.nextBytes(bytes);
    bytes[0] = (byte) ((bytes[0] & 0x7f) | 0x40);
    return new BigInteger(1, bytes);
  }
}
