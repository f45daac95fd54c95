package dev.kubestrap.pki.internal;

import dev.kubestrap.pki.ExtendedKeyUsage;
import dev.kubestrap.pki.PkiException;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a validated {@link Template} into a signed X.509 v3 certificate (RFC 5280): the TBSCertificate is written
 * with {@link Der}, signed by a JCA {@link Signature} of the provider {@link Jca#signer} picks, and the result parsed
 * by the JDK's X.509 {@link CertificateFactory}. The issuer name is always the issuing certificate's subject, copied
 * byte for byte, never its issuer, so intermediates chain correctly. Extensions, in this order: subject key
 * identifier, authority key identifier, basic constraints (critical), key usage (critical), extended key usage (when
 * any) and subject alternative names (when any).
 */
public final class X509Signer {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] VERSION_3 = Der.explicit(0, Der.integer(2));
  private static final String COMMON_NAME = "2.5.4.3";
  private static final String ORGANIZATION = "2.5.4.10";
  private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String SUBJECT_ALTERNATIVE_NAME = "2.5.29.17";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  private X509Signer() {}

  /**
   * Everything a certificate states, already validated by the public builders. {@code keyUsageBits} is the
   * {@link dev.kubestrap.pki.KeyUsage#bit()} mask: named bit 0 (digitalSignature) is 0x80, bit 7 0x01, bit 8 0x8000.
   */
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
    return sign(template, randomSerial(), subjectKey, issuer, signingKey);
  }

  static X509Certificate sign(
      Template template, BigInteger serial, PublicKey subjectKey, X509Certificate issuer, PrivateKey signingKey) {
    try {
      byte[] subject = subjectName(template.commonName(), template.organizations());
      byte[] subjectKeyInfo = subjectKey.getEncoded();
      byte[] subjectKeyId = keyIdentifier(subjectKeyInfo);
      String algorithm = Keys.signatureAlgorithm(signingKey);
      byte[] algorithmId = algorithmIdentifier(algorithm);
      byte[] tbs = Der.sequence(
          VERSION_3,
          Der.integer(serial),
          algorithmId,
          issuer == null ? subject : issuer.getSubjectX500Principal().getEncoded(),
          Der.sequence(Der.time(template.notBefore()), Der.time(template.notAfter())),
          subject,
          subjectKeyInfo,
          Der.explicit(3, Der.sequence(extensions(template, subjectKeyId, issuer))));
      Provider provider = Jca.signer(algorithm);
      Signature signer = Signature.getInstance(algorithm, provider);
      signer.initSign(Jca.signingKey(signingKey, provider));
      signer.update(tbs);
      byte[] certificate = Der.sequence(tbs, algorithmId, Der.bitString(signer.sign(), 0));
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(certificate));
    } catch (GeneralSecurityException e) {
      throw new PkiException("cannot sign the certificate for CN=" + template.commonName() + ": " + e.getMessage(), e);
    }
  }

  private static List<byte[]> extensions(Template template, byte[] subjectKeyId, X509Certificate issuer)
      throws GeneralSecurityException {
    List<byte[]> extensions = new ArrayList<>();
    extensions.add(extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(subjectKeyId)));
    extensions.add(extension(AUTHORITY_KEY_IDENTIFIER, false,
        Der.sequence(Der.implicit(0, issuer == null ? subjectKeyId : authorityKeyId(issuer)))));
    List<byte[]> constraints = new ArrayList<>();
    if (template.certificateAuthority()) {
      constraints.add(Der.bool(true));
      if (template.pathLength() != null) {
        constraints.add(Der.integer(template.pathLength()));
      }
    }
    extensions.add(extension(BASIC_CONSTRAINTS, true, Der.sequence(constraints)));
    extensions.add(extension(KEY_USAGE, true, keyUsage(template.keyUsageBits())));
    if (!template.extendedKeyUsages().isEmpty()) {
      extensions.add(extension(EXTENDED_KEY_USAGE, false, Der.sequence(template.extendedKeyUsages().stream()
          .map(usage -> Der.objectIdentifier(usage.oid())).toList())));
    }
    List<byte[]> names = new ArrayList<>();
    template.dnsNames().forEach(name -> names.add(Der.implicit(DNS_NAME, Der.contents(Der.ia5String(name)))));
    template.ipAddresses().forEach(address -> names.add(Der.implicit(IP_ADDRESS, addressOctets(address))));
    if (!names.isEmpty()) {
      extensions.add(extension(SUBJECT_ALTERNATIVE_NAME, false, Der.sequence(names)));
    }
    return extensions;
  }

  /** An Extension: the OID, {@code critical} only when true (DER leaves out a default), the value's encoding. */
  private static byte[] extension(String oid, boolean critical, byte[] value) {
    return critical
        ? Der.sequence(Der.objectIdentifier(oid), Der.bool(true), Der.octetString(value))
        : Der.sequence(Der.objectIdentifier(oid), Der.octetString(value));
  }

  /**
   * The key usage named bits as DER wants them: bit 0 the most significant bit of the first octet, trailing zero
   * bits dropped (X.690, 11.2.2), so the last octet's unused bits are its trailing zeros.
   */
  static byte[] keyUsage(int bits) {
    int first = bits & 0xff;
    int second = (bits >> 8) & 0xff;
    byte[] octets = second != 0 ? new byte[] {(byte) first, (byte) second}
        : first != 0 ? new byte[] {(byte) first} : new byte[0];
    int unused = octets.length == 0 ? 0 : Integer.numberOfTrailingZeros(octets[octets.length - 1] & 0xff);
    return Der.bitString(octets, unused);
  }

  /** The subject DN as Go and openssl order it: organizations first, then the common name; UTF8String values. */
  static byte[] subjectName(String commonName, List<String> organizations) {
    List<byte[]> names = new ArrayList<>();
    organizations.forEach(organization -> names.add(attribute(ORGANIZATION, organization)));
    names.add(attribute(COMMON_NAME, commonName));
    return Der.sequence(names);
  }

  private static byte[] attribute(String type, String value) {
    return Der.set(Der.sequence(Der.objectIdentifier(type), Der.utf8String(value)));
  }

  /**
   * The key identifier of RFC 5280 (4.2.1.2) method 1: the SHA-1 hash of the subjectPublicKey BIT STRING's value,
   * without its unused-bits octet.
   */
  static byte[] keyIdentifier(byte[] subjectPublicKeyInfo) throws GeneralSecurityException {
    byte[] bits = Der.contents(Der.elements(subjectPublicKeyInfo).get(1));
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    sha1.update(bits, 1, bits.length - 1);
    return sha1.digest();
  }

  /** The issuer's own key identifier when it states one (CAs made elsewhere may not use method 1), else computed. */
  private static byte[] authorityKeyId(X509Certificate issuer) throws GeneralSecurityException {
    byte[] extensionValue = issuer.getExtensionValue(SUBJECT_KEY_IDENTIFIER);
    if (extensionValue != null) {
      return Der.contents(Der.contents(extensionValue));
    }
    return keyIdentifier(issuer.getPublicKey().getEncoded());
  }

  private static byte[] algorithmIdentifier(String signatureAlgorithm) {
    return switch (signatureAlgorithm) {
      case "SHA256withECDSA" -> Der.sequence(Der.objectIdentifier("1.2.840.10045.4.3.2"));
      case "SHA384withECDSA" -> Der.sequence(Der.objectIdentifier("1.2.840.10045.4.3.3"));
      case "SHA512withECDSA" -> Der.sequence(Der.objectIdentifier("1.2.840.10045.4.3.4"));
      // RFC 4055 (5): the PKCS #1 v1.5 identifiers carry an explicit NULL.
      case "SHA256withRSA" -> Der.sequence(Der.objectIdentifier("1.2.840.113549.1.1.11"), Der.nul());
      default -> throw new PkiException("no algorithm identifier for the signature algorithm " + signatureAlgorithm);
    };
  }

  /** The 4 or 16 octets of a validated IP literal (parsed in place: no name lookup). */
  private static byte[] addressOctets(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new PkiException("not an IP address: '" + literal + "'", e);
    }
  }

  /** A positive serial of exactly 20 octets (the RFC 5280 maximum), 159 bits of it random. */
  static BigInteger randomSerial() {
    byte[] bytes = new byte[20];
    RANDOM.nextBytes(bytes);
    bytes[0] = (byte) ((bytes[0] & 0x7f) | 0x40);
    return new BigInteger(1, bytes);
  }
}
