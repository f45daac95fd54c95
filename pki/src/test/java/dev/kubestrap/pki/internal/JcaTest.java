package dev.kubestrap.pki.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/** Which EC provider signs: the stock JDK's for the first few operations, Bouncy Castle's in bulk. */
class JcaTest {
  @Test
  void bouncyCastleTakesOverOnlyPastTheBulkThreshold() {
    assertThat(Jca.inBulk(1)).isFalse();
    assertThat(Jca.inBulk(Jca.BULK_EC_OPERATIONS)).isFalse();
    assertThat(Jca.inBulk(Jca.BULK_EC_OPERATIONS + 1)).isTrue();
    assertThat(Jca.inBulk(Integer.MIN_VALUE)).as("after the counter wrapped").isTrue();
  }

  @Test
  void keysOfEitherProviderSignWithEither() throws Exception {
    Provider[] providers = {Security.getProvider("SunEC"), new BouncyCastleProvider()};
    for (Provider maker : providers) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", maker);
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      for (Provider signer : providers) {
        Signature sign = Signature.getInstance("SHA256withECDSA", signer);
        sign.initSign(pair.getPrivate());
        sign.update(new byte[] {1, 2, 3});
        byte[] signature = sign.sign();
        Signature verify = Signature.getInstance("SHA256withECDSA", providers[0]);
        verify.initVerify(pair.getPublic());
        verify.update(new byte[] {1, 2, 3});
        assertThat(verify.verify(signature)).as(maker.getName() + " key signed by " + signer.getName()).isTrue();
      }
    }
  }

  @Test
  void aStockJdkKeyBecomesABouncyCastleKeyOnceWhenBouncyCastleSigns() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Security.getProvider("SunEC"));
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    Provider bouncyCastle = Jca.bouncyCastle();

    PrivateKey first = Jca.signingKey(pair.getPrivate(), bouncyCastle);
    assertThat(first.getClass().getName()).startsWith("org.bouncycastle.");
    assertThat(Jca.signingKey(pair.getPrivate(), bouncyCastle)).as("translated once, then remembered").isSameAs(first);
    Signature sign = Signature.getInstance("SHA256withECDSA", bouncyCastle);
    sign.initSign(first);
    sign.update(new byte[] {4, 5, 6});
    Signature verify = Signature.getInstance("SHA256withECDSA", Security.getProvider("SunEC"));
    verify.initVerify(pair.getPublic());
    verify.update(new byte[] {4, 5, 6});
    assertThat(verify.verify(sign.sign())).as("the translated key is the same key").isTrue();

    assertThat(Jca.signingKey(pair.getPrivate(), Security.getProvider("SunEC"))).isSameAs(pair.getPrivate());
    assertThat(Jca.signingKey(pair.getPrivate(), new BouncyCastleProvider()))
        .as("only the instance kubestrap started is given translated keys").isSameAs(pair.getPrivate());
    assertThat(Jca.signingKey(first, bouncyCastle)).isSameAs(first);
  }
}
