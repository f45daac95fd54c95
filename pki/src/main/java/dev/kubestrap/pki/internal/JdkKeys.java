package dev.kubestrap.pki.internal;

import dev.kubestrap.pki.PkiException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Turns parsed key structures into keys of the JDK's own key factories. Which JCA provider a generic
 * converter picks depends on what the JVM has registered (sshj registers Bouncy Castle, whose EC keys
 * encode differently); asking for the plain {@code RSA}/{@code EC} factories keeps keys, their encodings
 * and everything written from them the same in every JVM.
 */
public final class JdkKeys {
  private JdkKeys() {}

  public static PrivateKey privateKey(PrivateKeyInfo info) throws IOException, GeneralSecurityException {
    return factory(info.getPrivateKeyAlgorithm().getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
  }

  public static PublicKey publicKey(SubjectPublicKeyInfo info) throws IOException, GeneralSecurityException {
    return factory(info.getAlgorithm().getAlgorithm()).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
  }

  /** The same pair as keys of the JDK's factories, through their standard encodings. */
  public static KeyPair keyPair(KeyPair pair) throws IOException, GeneralSecurityException {
    return new KeyPair(publicKey(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded())),
        privateKey(PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded())));
  }

  private static KeyFactory factory(ASN1ObjectIdentifier algorithm) throws GeneralSecurityException {
    if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
      return KeyFactory.getInstance("RSA");
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
      return KeyFactory.getInstance("EC");
    }
    throw new PkiException("unsupported key algorithm " + algorithm + " (RSA and ECDSA keys are supported)");
  }
}
