package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyPairGeneratorSpi;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.spec.AlgorithmParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keys come from the JVM's JCA providers: a provider configured first (as a FIPS setup does) makes every key
 * pair, for every algorithm, the CAs and leaves of a whole Kubernetes set included.
 */
class JcaProviderTest {
  private static final String NAME = "KubestrapTestFirst";
  private final Map<String, AtomicInteger> made = new ConcurrentHashMap<>();

  @BeforeEach
  void putACountingProviderFirst() {
    Security.insertProviderAt(new Counting(), 1);
  }

  @AfterEach
  void removeIt() {
    Security.removeProvider(NAME);
  }

  @Test
  void everyAlgorithmIsGeneratedByTheProviderTheJvmPrefers() {
    for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
      int before = count(algorithm.jcaName());

      KeyPair pair = algorithm.generate();

      assertThat(count(algorithm.jcaName())).as(algorithm.name()).isEqualTo(before + 1);
      assertThat(KeyAlgorithm.of(pair.getPublic())).contains(algorithm);
    }
  }

  @Test
  void aWholeClusterSetUsesTheConfiguredProvider() {
    ClusterCertificates set = KubernetesPki.builder().clusterName("lab").controlPlane("master", "198.18.0.2")
        .worker("node", "198.18.0.3").build().issue();

    int keys = set.leaves().size() + 3 + 1; // leaves, three CAs, the service-account key
    assertThat(count("EC")).isEqualTo(keys);
  }

  private int count(String algorithm) {
    return made.computeIfAbsent(algorithm, a -> new AtomicInteger()).get();
  }

  /** Delegates to the JDK's own generators and counts what it makes. */
  private final class Counting extends Provider {
    Counting() {
      super(NAME, "1", "counts key pairs, made by the JDK's providers");
      for (String algorithm : List.of("EC", "RSA")) {
        putService(new Service(this, "KeyPairGenerator", algorithm, Generator.class.getName(), null, null) {
          @Override
          public Object newInstance(Object parameter) {
            return new Generator(algorithm);
          }
        });
      }
    }
  }

  private final class Generator extends KeyPairGeneratorSpi {
    private final String algorithm;
    private final KeyPairGenerator jdk;

    Generator(String algorithm) {
      this.algorithm = algorithm;
      try {
        this.jdk = KeyPairGenerator.getInstance(algorithm, algorithm.equals("EC") ? "SunEC" : "SunRsaSign");
      } catch (java.security.GeneralSecurityException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void initialize(int keysize, SecureRandom random) {
      jdk.initialize(keysize, random);
    }

    @Override
    public void initialize(AlgorithmParameterSpec params, SecureRandom random) throws InvalidAlgorithmParameterException {
      jdk.initialize(params, random);
    }

    @Override
    public KeyPair generateKeyPair() {
      made.computeIfAbsent(algorithm, a -> new AtomicInteger()).incrementAndGet();
      return jdk.generateKeyPair();
    }
  }
}
