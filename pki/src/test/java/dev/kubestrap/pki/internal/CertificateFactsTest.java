package dev.kubestrap.pki.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * Subjects made elsewhere (Bouncy Castle here) are read back with their string types decoded: PrintableString,
 * UTF8String, BMPString, TeletexString, an attribute inside a multi-valued RDN, and a value that is no string.
 */
class CertificateFactsTest {
  @Test
  void readsEveryDirectoryStringTypeAndMultiValuedNames() throws Exception {
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.C, new DERPrintableString("CH"))
        .addRDN(BCStyle.O, new DERPrintableString("Acme"))
        .addRDN(BCStyle.O, new DERBMPString("Zürich AG"))
        .addRDN(BCStyle.O, new DERT61String("Genève"))
        .addRDN(BCStyle.O, new ASN1Integer(7))
        .addMultiValuedRDN(new ASN1ObjectIdentifier[] {BCStyle.OU, BCStyle.CN},
            new ASN1Encodable[] {new DERUTF8String("ops"), new DERUTF8String("node-ü1")})
        .build();
    X509Certificate certificate = selfSigned(subject);

    assertThat(CertificateFacts.organizations(certificate)).containsExactly("Acme", "Zürich AG", "Genève", "#020107");
    assertThat(CertificateFacts.commonName(certificate)).isEqualTo("node-ü1");
  }

  @Test
  void noCommonNameReadsAsEmpty() throws Exception {
    X509Certificate certificate = selfSigned(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "only o").build());
    assertThat(CertificateFacts.commonName(certificate)).isEmpty();
    assertThat(CertificateFacts.organizations(certificate)).containsExactly("only o");
  }

  private static X509Certificate selfSigned(X500Name subject) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair pair = generator.generateKeyPair();
    Instant now = Instant.parse("2026-12-07T12:00:00Z");
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
        Date.from(now), Date.from(now.plusSeconds(3600)), subject, pair.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
  }
}
