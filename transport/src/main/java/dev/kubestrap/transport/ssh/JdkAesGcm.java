package dev.kubestrap.transport.ssh;

import com.hierynomus.sshj.transport.cipher.GcmCipher;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.cipher.Cipher;

/**
 * sshj's AES-GCM cipher, but always backed by the JDK's own provider. sshj otherwise asks the
 * registered Bouncy Castle provider, whose pure-Java GCM is several times slower than the JDK's,
 * which uses AES-NI and carry-less multiplication instructions. Only the provider differs; the SSH
 * framing (RFC 5647, counter-based nonces) is sshj's.
 */
final class JdkAesGcm extends GcmCipher {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private JdkAesGcm(int keyBytes) {
    super(12, 16, keyBytes, "AES", TRANSFORMATION);
  }

  @Override
  protected void initCipher(javax.crypto.Cipher ignored, Mode mode, byte[] key, byte[] iv)
      throws InvalidKeyException, InvalidAlgorithmParameterException {
    try {
      cipher = javax.crypto.Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new InvalidAlgorithmParameterException("the JDK offers no " + TRANSFORMATION, e);
    }
    super.initCipher(cipher, mode, key, iv);
  }

  /** {@code aes128-gcm@openssh.com} or {@code aes256-gcm@openssh.com}. */
  static Factory.Named<Cipher> factory(int keyBits) {
    String name = "aes" + keyBits + "-gcm@openssh.com";
    return new Factory.Named<>() {
      @Override
      public Cipher create() {
        AesGcmWarmUp.JVM.used();
        return new JdkAesGcm(keyBits / 8);
      }

      @Override
      public String getName() {
        return name;
      }
    };
  }
}
