package dev.kubestrap.pki.internal;

import dev.kubestrap.pki.PkiException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Where keys and signatures come from: always a JCA {@link KeyPairGenerator}, {@link KeyFactory} or
 * {@code Signature} of a provider, never kubestrap's own arithmetic. The provider is the one the JVM prefers for the
 * service (the first registered provider that offers it), so a JVM configured with a FIPS provider first makes,
 * reads and signs with every key there. One exception, for speed: when the JVM's preference for EC keys or ECDSA is
 * the stock JDK provider ({@code SunEC}), Bouncy Castle's JCA provider takes over after the first
 * {@value #BULK_EC_OPERATIONS} EC operations of the JVM; on JDK 17 it generates P-256 keys and signs about five times
 * faster (about 0.3 ms against 1.7 ms each, measured on the build machine), but starting it costs about a second of
 * class loading, which a cluster's few dozen keys never earn back and a thousand kubelet certificates do. Keys of
 * either provider sign with the other. RSA always stays with the JVM's preference.
 *
 * <p>The preferred provider is looked up on every use, so a provider added or removed at run time counts from the next
 * key on: one {@link Provider#getService} lookup per installed provider, in the JVM's order, about a microsecond.
 * ({@code Security.getProviders(filter)} would instead walk every property of every provider, about a millisecond.)
 */
public final class Jca {
  private static final String STOCK_JDK_EC = "SunEC";
  /** EC key generations, key readings and signatures with SunEC before Bouncy Castle's provider takes over. */
  static final int BULK_EC_OPERATIONS = 32;
  private static final AtomicInteger EC_OPERATIONS = new AtomicInteger();

  /** Started on first use only: its class loading is the cost that small runs avoid. */
  private static final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();
    /**
     * Keys of other providers as Bouncy Castle keys, per key. Bouncy Castle keeps its precomputed multiples of the
     * curve's base point with the key's domain parameters; a foreign key is converted on every signature, with a
     * fresh base point whose table is computed again: about half of each signature's cost. The map holds the foreign
     * key weakly, and the translated key does not refer to it.
     */
    static final Map<PrivateKey, PrivateKey> TRANSLATED = Collections.synchronizedMap(new WeakHashMap<>());

    static PrivateKey translated(PrivateKey key) {
      PrivateKey known = TRANSLATED.get(key);
      if (known != null) {
        return known;
      }
      try {
        PrivateKey translated = (PrivateKey) KeyFactory.getInstance("EC", PROVIDER).translateKey(key);
        TRANSLATED.put(key, translated);
        return translated;
      } catch (GeneralSecurityException e) {
        return key;
      }
    }
  }

  private Jca() {}

  /** A fresh key pair: {@code "EC"} with {@code bits} 256 or 384 (NIST P-256, P-384), or {@code "RSA"} with e = 65537. */
  public static KeyPair generate(String algorithm, int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, provider("KeyPairGenerator", algorithm));
      if ("EC".equals(algorithm)) {
        generator.initialize(new ECGenParameterSpec(bits == 384 ? "secp384r1" : "secp256r1"));
      } else {
        generator.initialize(bits);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new PkiException("cannot generate a " + algorithm + " " + bits + "-bit key pair: " + e.getMessage(), e);
    }
  }

  /** The provider that signs with {@code signatureAlgorithm} (e.g. {@code SHA256withECDSA}). */
  public static Provider signer(String signatureAlgorithm) {
    return provider("Signature", signatureAlgorithm);
  }

  /**
   * The key to give {@code signer} for signing with {@code key}: the same key, except that an EC key of another
   * provider becomes Bouncy Castle's once when Bouncy Castle signs (see {@link BouncyCastle#TRANSLATED}); a key it
   * cannot translate is given as it is, as before.
   */
  public static PrivateKey signingKey(PrivateKey key, Provider signer) {
    // By name first: comparing with our instance would start Bouncy Castle for a JVM that never uses it.
    boolean bouncyCastleSigns = signer.getName().equals(BouncyCastleProvider.PROVIDER_NAME)
        && signer == BouncyCastle.PROVIDER;
    boolean foreignEc = key instanceof ECKey && !key.getClass().getName().startsWith("org.bouncycastle.");
    return bouncyCastleSigns && foreignEc ? BouncyCastle.translated(key) : key;
  }

  /** The Bouncy Castle provider kubestrap starts for bulk EC work. */
  static Provider bouncyCastle() {
    return BouncyCastle.PROVIDER;
  }

  static Provider provider(String service, String algorithm) {
    Provider preferred = preferred(service, algorithm);
    boolean ec = algorithm.equals("EC") || algorithm.endsWith("withECDSA");
    return ec && isStockJdkEc(preferred) && inBulk(EC_OPERATIONS.incrementAndGet()) ? BouncyCastle.PROVIDER : preferred;
  }

  private static boolean isStockJdkEc(Provider provider) {
    return STOCK_JDK_EC.equals(provider.getName());
  }

  /** Whether the JVM's {@code operations}-th EC operation is past the point where Bouncy Castle pays off. */
  static boolean inBulk(int operations) {
    return operations > BULK_EC_OPERATIONS || operations < 0;
  }

  /** The first installed provider that offers the service, as the JCA picks one when none is named. */
  private static Provider preferred(String service, String algorithm) {
    for (Provider provider : Security.getProviders()) {
      if (provider.getService(service, algorithm) != null) {
        return provider;
      }
    }
    throw new PkiException("no JCA provider of this JVM offers " + service + " " + algorithm);
  }
}
