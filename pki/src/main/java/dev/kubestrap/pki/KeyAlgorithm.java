package dev.kubestrap.pki;

import dev.kubestrap.pki.internal.Jca;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Optional;

/**
 * The key algorithms kubestrap generates. The default everywhere is {@link #ECDSA_P256}: small,
 * fast to generate and accepted by every Kubernetes component; RSA sizes exist for environments
 * that require RSA (kubeadm's default is RSA-2048).
 */
public enum KeyAlgorithm {
  /** ECDSA on NIST P-256 (secp256r1). The default. */
  ECDSA_P256("EC", 256),
  /** ECDSA on NIST P-384 (secp384r1). */
  ECDSA_P384("EC", 384),
  /** RSA with a 2048-bit modulus. */
  RSA_2048("RSA", 2048),
  /** RSA with a 3072-bit modulus. */
  RSA_3072("RSA", 3072),
  /** RSA with a 4096-bit modulus. */
  RSA_4096("RSA", 4096);

  /** The algorithm used when none is given. */
  public static final KeyAlgorithm DEFAULT = ECDSA_P256;

  private final String jcaName;
  private final int bits;

  KeyAlgorithm(String jcaName, int bits) {
    this.jcaName = jcaName;
    this.bits = bits;
  }

  /**
   * Generates a fresh key pair with a JCA {@link java.security.KeyPairGenerator}: from the provider the JVM prefers
   * (so a FIPS provider configured first makes it), except that ECDSA uses Bouncy Castle's JCA provider where the
   * JVM would pick the stock JDK one, which is several times slower on JDK 17. RSA uses e = 65537.
   */
  public KeyPair generate() {
    return Jca.generate(jcaName, bits);
  }

  /** {@code "EC"} or {@code "RSA"}, the JCA key algorithm name. */
  public String jcaName() {
    return jcaName;
  }

  /** The RSA modulus size or the EC field size, in bits. */
  public int bits() {
    return bits;
  }

  public boolean isEcdsa() {
    return "EC".equals(jcaName);
  }

  /** The algorithm of an existing key, or empty when it is none of the supported ones. */
  public static Optional<KeyAlgorithm> of(PublicKey key) {
    // By key type, not by name: Bouncy Castle, when registered, names EC keys "ECDSA".
    String family = key instanceof RSAKey ? "RSA" : key instanceof ECKey ? "EC" : key.getAlgorithm();
    for (KeyAlgorithm candidate : values()) {
      if (candidate.jcaName.equals(family) && candidate.bits == bitsOf(key)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static int bitsOf(java.security.Key key) {
    if (key instanceof RSAKey rsa) {
      return rsa.getModulus().bitLength();
    }
    if (key instanceof ECKey ec) {
      return ec.getParams().getCurve().getField().getFieldSize();
    }
    return -1;
  }
}
