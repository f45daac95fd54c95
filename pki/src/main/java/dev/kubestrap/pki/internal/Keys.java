package dev.kubestrap.pki.internal;

import dev.kubestrap.pki.PkiException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;

/** Key facts the certificate code needs: which signature to use and whether two keys belong together. */
public final class Keys {
  private static final byte[] PROBE = "kubestrap key pair probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private Keys() {}

  /** The signature algorithm a certificate signed by this key uses. */
  public static String signatureAlgorithm(PrivateKey signer) {
    if (signer instanceof RSAKey) {
      return "SHA256withRSA";
    }
    if (signer instanceof ECKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
    }
    throw new PkiException("unsupported signing key algorithm: " + signer.getAlgorithm());
  }

  /** True when the private key is the one that belongs to the public key (checked by signing a probe). */
  public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
    // Providers name the same family differently (Bouncy Castle says "ECDSA", the JDK "EC"), and which
    // provider parsed a key depends on what the JVM has registered (sshj registers Bouncy Castle).
    if (!family(privateKey).equals(family(publicKey))) {
      return false;
    }
    try {
      String algorithm = signatureAlgorithm(privateKey);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String family(java.security.Key key) {
    if (key instanceof RSAKey) {
      return "RSA";
    }
    if (key instanceof ECKey) {
      return "EC";
    }
    return key.getAlgorithm();
  }

  /** A short description like {@code "RSA 2048"} for messages. */
  public static String describe(java.security.Key key) {
    if (key instanceof RSAKey rsa) {
      return "RSA " + rsa.getModulus().bitLength();
    }
    if (key instanceof ECKey ec) {
      return "ECDSA P-" + ec.getParams().getCurve().getField().getFieldSize();
    }
    return key.getAlgorithm();
  }
}
