package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SEC1 {@code EC PRIVATE KEY} that {@link Pem#writePrivateKey} encodes itself is byte for byte Bouncy Castle's
 * {@code ECPrivateKey} encoding of the same key (Bouncy Castle as the comparison only), for keys of the JDK's provider
 * and of Bouncy Castle's, and openssl checks it.
 */
class Sec1PrivateKeyTest {
  @TempDir Path directory;

  @ParameterizedTest
  @CsvSource({"secp256r1, SunEC", "secp384r1, SunEC", "secp256r1, BC", "secp384r1, BC"})
  void sameBytesAsBouncyCastleAndOpensslAcceptsThem(String curve, String provider) throws Exception {
    for (int i = 0; i < 4; i++) {
      KeyPair pair = generate(curve, "BC".equals(provider) ? new BouncyCastleProvider() : null);
      String pem = Pem.writePrivateKey(pair);
      assertThat(der(pem)).as("SEC1 of a %s key of %s", curve, provider).isEqualTo(bouncyCastleSec1(pair));
      Path file = Tools.write(directory, "key-" + i + ".pem", pem);
      assertThat(Tools.ok(directory, "openssl", "ec", "-check", "-noout", "-in", file.toString()))
          .contains("EC Key valid.");
    }
  }

  @org.junit.jupiter.api.Test
  void privateValueWithLeadingZeroOctetsIsPaddedToTheCurveLength() throws Exception {
    KeyPair pair = generate("secp256r1", null);
    for (int tries = 0; ((ECPrivateKey) pair.getPrivate()).getS().bitLength() > 248; tries++) {
      assertThat(tries).as("a P-256 key with a leading zero octet within 5000 keys (1 in 256 expected)").isLessThan(5000);
      pair = generate("secp256r1", null);
    }
    byte[] sec1 = der(Pem.writePrivateKey(pair));
    assertThat(sec1).isEqualTo(bouncyCastleSec1(pair));
    assertThat(sec1[6]).as("length of the private value OCTET STRING").isEqualTo((byte) 32);
    assertThat(sec1[7]).as("first octet of the private value").isZero();
  }

  private static byte[] bouncyCastleSec1(KeyPair pair) throws Exception {
    ECPrivateKey key = (ECPrivateKey) pair.getPrivate();
    return new org.bouncycastle.asn1.sec.ECPrivateKey(key.getParams().getOrder().bitLength(), key.getS(),
        SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData(),
        PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters())
        .getEncoded(ASN1Encoding.DER);
  }

  private static byte[] der(String pem) {
    String body = pem.replaceAll("-----(BEGIN|END) EC PRIVATE KEY-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static KeyPair generate(String curve, Provider provider) throws Exception {
    KeyPairGenerator generator = provider == null ? KeyPairGenerator.getInstance("EC", "SunEC")
        : KeyPairGenerator.getInstance("EC", provider);
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }
}
