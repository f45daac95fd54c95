package dev.kubestrap.pki.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.pki.ExtendedKeyUsage;
import dev.kubestrap.pki.KeyUsage;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The certificates {@link X509Signer} writes with its own DER are, in their signed part (TBSCertificate), byte for
 * byte what Bouncy Castle's certificate builder makes of the same inputs; Bouncy Castle is the comparison only (test
 * scope). Keys are made once per run, serials and times are fixed, and every certificate must verify under its issuer.
 */
class X509SignerBouncyCastleTest {
  private static final BigInteger SERIAL = new BigInteger("5a0f1e2d3c4b5a69788796a5b4c3d2e1f0010203", 16);
  private static final Instant NOT_BEFORE = Instant.parse("2026-12-07T11:00:00.750Z");
  private static final Instant NOT_AFTER = Instant.parse("2036-12-05T11:00:00Z");
  private static final int LEAF_USAGE = KeyUsage.DIGITAL_SIGNATURE.bit() | KeyUsage.KEY_ENCIPHERMENT.bit();
  private static final int CA_USAGE = KeyUsage.KEY_CERT_SIGN.bit() | KeyUsage.CRL_SIGN.bit()
      | KeyUsage.DIGITAL_SIGNATURE.bit();

  enum Issuer { RSA_2048, P256, P384 }

  private static Map<Issuer, KeyPair> issuerKeys;
  private static KeyPair leafKey;

  @BeforeAll
  static void keys() throws Exception {
    issuerKeys = Map.of(Issuer.RSA_2048, rsa(), Issuer.P256, ec("secp256r1"), Issuer.P384, ec("secp384r1"));
    leafKey = ec("secp256r1");
  }

  @ParameterizedTest
  @EnumSource(Issuer.class)
  void selfSignedCaOfEachKeyType(Issuer type) throws Exception {
    KeyPair key = issuerKeys.get(type);
    assertSameTbs(ca("kubernetes", List.of("kubernetes"), null), key.getPublic(), null, key.getPrivate());
  }

  @ParameterizedTest
  @EnumSource(Issuer.class)
  void intermediateWithPathLengthZeroAndLeafBelowIt(Issuer type) throws Exception {
    KeyPair rootKey = issuerKeys.get(type);
    X509Certificate root = selfSigned(rootKey);
    KeyPair intermediateKey = issuerKeys.get(Issuer.P384);
    X509Certificate intermediate = assertSameTbs(ca("etcd-ca", List.of("etcd"), 0), intermediateKey.getPublic(), root,
        rootKey.getPrivate());
    assertSameTbs(leaf("etcd-peer", List.of(), List.of("etcd-0"), List.of("10.0.0.5"), LEAF_USAGE,
        List.of(ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CLIENT_AUTH), NOT_AFTER), leafKey.getPublic(),
        intermediate, intermediateKey.getPrivate());
  }

  @ParameterizedTest
  @EnumSource(Issuer.class)
  void leafWithDnsIpv4AndIpv6NamesAndSeveralOrganizations(Issuer type) throws Exception {
    KeyPair caKey = issuerKeys.get(type);
    X509Certificate ca = selfSigned(caKey);
    assertSameTbs(leaf("kube-apiserver", List.of("system:masters", "ops", "zürich"),
        List.of("kubernetes", "kubernetes.default.svc.cluster.local", "*.apps.example.com"),
        List.of("10.96.0.1", "127.0.0.1", "0:0:0:0:0:0:0:1", "fd00:10:96:0:0:0:0:1"), LEAF_USAGE,
        List.of(ExtendedKeyUsage.SERVER_AUTH), NOT_AFTER), leafKey.getPublic(), ca, caKey.getPrivate());
  }

  @Test
  void everyKeyUsageAndExtendedKeyUsageCombination() throws Exception {
    KeyPair caKey = issuerKeys.get(Issuer.P256);
    X509Certificate ca = selfSigned(caKey);
    List<List<ExtendedKeyUsage>> extendedUsages = List.of(List.of(), List.of(ExtendedKeyUsage.SERVER_AUTH),
        List.of(ExtendedKeyUsage.CLIENT_AUTH), List.of(ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CLIENT_AUTH));
    KeyUsage[] usages = {KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT, KeyUsage.CRL_SIGN};
    for (int subset = 0; subset < 1 << usages.length; subset++) {
      int bits = 0;
      for (int i = 0; i < usages.length; i++) {
        bits |= (subset & (1 << i)) != 0 ? usages[i].bit() : 0;
      }
      for (List<ExtendedKeyUsage> extended : extendedUsages) {
        assertSameTbs(leaf("user", List.of(), List.of(), List.of(), bits, extended, NOT_AFTER), leafKey.getPublic(), ca,
            caKey.getPrivate());
      }
    }
    assertSameTbs(ca("every-bit", List.of(), null), leafKey.getPublic(), ca, caKey.getPrivate());
  }

  @Test
  void notAfterIsUtcTimeThrough2049AndGeneralizedTimeFrom2050() throws Exception {
    KeyPair caKey = issuerKeys.get(Issuer.P256);
    X509Certificate ca = selfSigned(caKey);
    for (String notAfter : List.of("2049-12-31T23:59:59Z", "2050-01-01T00:00:00Z", "2126-06-30T12:34:56.999Z")) {
      X509Certificate leaf = assertSameTbs(leaf("long", List.of(), List.of(), List.of(), LEAF_USAGE, List.of(),
          Instant.parse(notAfter)), leafKey.getPublic(), ca, caKey.getPrivate());
      assertThat(leaf.getNotAfter().toInstant()).isEqualTo(Instant.parse(notAfter).with(
          java.time.temporal.ChronoField.NANO_OF_SECOND, 0));
    }
  }

  @Test
  void foreignCaWithoutSubjectKeyIdentifierGetsAComputedAuthorityKeyIdentifier() throws Exception {
    KeyPair caKey = issuerKeys.get(Issuer.RSA_2048);
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CH").addRDN(BCStyle.O, "Elsewhere")
        .addRDN(BCStyle.CN, "foreign CA").build();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(NOT_BEFORE),
        Date.from(NOT_AFTER), name, caKey.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    X509Certificate foreign = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKey.getPrivate())));
    assertThat(foreign.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNull();
    X509Certificate leaf = assertSameTbs(leaf("user", List.of(), List.of(), List.of(), LEAF_USAGE, List.of(), NOT_AFTER),
        leafKey.getPublic(), foreign, caKey.getPrivate());
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(foreign.getSubjectX500Principal());
  }

  /** Signs with {@link X509Signer} and with Bouncy Castle; the TBS bytes must be equal and the signature valid. */
  private static X509Certificate assertSameTbs(X509Signer.Template template, PublicKey subjectKey,
      X509Certificate issuer, PrivateKey signingKey) throws Exception {
    X509Certificate ours = X509Signer.sign(template, SERIAL, subjectKey, issuer, signingKey);
    byte[] expected = bouncyCastleTbs(template, subjectKey, issuer, signingKey);
    assertThat(ours.getTBSCertificate()).as("TBSCertificate of CN=%s", template.commonName()).isEqualTo(expected);
    ours.verify(issuer == null ? subjectKey : issuer.getPublicKey());
    return ours;
  }

  /** The certificate as kubestrap built it with Bouncy Castle's builder before, with the fixed serial. */
  private static byte[] bouncyCastleTbs(X509Signer.Template template, PublicKey subjectKey, X509Certificate issuer,
      PrivateKey signingKey) throws Exception {
    X500NameBuilder nameBuilder = new X500NameBuilder(BCStyle.INSTANCE);
    template.organizations().forEach(organization -> nameBuilder.addRDN(BCStyle.O, organization));
    X500Name subject = nameBuilder.addRDN(BCStyle.CN, template.commonName()).build();
    Date notBefore = Date.from(template.notBefore());
    Date notAfter = Date.from(template.notAfter());
    X509v3CertificateBuilder builder = issuer == null
        ? new JcaX509v3CertificateBuilder(subject, SERIAL, notBefore, notAfter, subject, subjectKey)
        : new JcaX509v3CertificateBuilder(issuer, SERIAL, notBefore, notAfter, subject, subjectKey);
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    SubjectKeyIdentifier subjectKeyId = utils.createSubjectKeyIdentifier(subjectKey);
    builder.addExtension(Extension.subjectKeyIdentifier, false, subjectKeyId);
    AuthorityKeyIdentifier authorityKeyId;
    if (issuer == null) {
      authorityKeyId = new AuthorityKeyIdentifier(subjectKeyId.getKeyIdentifier());
    } else if (issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId()) != null) {
      byte[] value = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
      authorityKeyId = new AuthorityKeyIdentifier(
          ASN1OctetString.getInstance(ASN1OctetString.getInstance(value).getOctets()).getOctets());
    } else {
      authorityKeyId = new AuthorityKeyIdentifier(utils.createSubjectKeyIdentifier(issuer.getPublicKey())
          .getKeyIdentifier());
    }
    builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId);
    builder.addExtension(Extension.basicConstraints, true, !template.certificateAuthority() ? new BasicConstraints(false)
        : template.pathLength() == null ? new BasicConstraints(true) : new BasicConstraints(template.pathLength()));
    builder.addExtension(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(template.keyUsageBits()));
    if (!template.extendedKeyUsages().isEmpty()) {
      builder.addExtension(Extension.extendedKeyUsage, false, new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
          template.extendedKeyUsages().stream().map(usage -> usage == ExtendedKeyUsage.SERVER_AUTH
              ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth).toArray(KeyPurposeId[]::new)));
    }
    List<GeneralName> names = new ArrayList<>();
    template.dnsNames().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    template.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    if (!names.isEmpty()) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
    }
    String algorithm = Keys.signatureAlgorithm(signingKey);
    X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(algorithm).build(signingKey));
    return holder.toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER);
  }

  private static X509Certificate selfSigned(KeyPair key) {
    return X509Signer.sign(ca("kubernetes", List.of(), null), SERIAL, key.getPublic(), null, key.getPrivate());
  }

  private static X509Signer.Template ca(String commonName, List<String> organizations, Integer pathLength) {
    return new X509Signer.Template(commonName, organizations, List.of(), List.of(), CA_USAGE, List.of(), true,
        pathLength, NOT_BEFORE, NOT_AFTER);
  }

  private static X509Signer.Template leaf(String commonName, List<String> organizations, List<String> dnsNames,
      List<String> ipAddresses, int usage, List<ExtendedKeyUsage> extended, Instant notAfter) {
    return new X509Signer.Template(commonName, organizations, dnsNames, ipAddresses, usage, extended, false, null,
        NOT_BEFORE, notAfter);
  }

  private static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }
}
