package dev.kubestrap.component;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The 32-byte key that encrypts Secrets at rest (aescbc or secretbox). It is kept in local state and
 * passed in, never generated while rendering, so that renders are repeatable and re-runs never change it.
 * {@link #toString()} never shows the key.
 */
public final class EncryptionKey {

  /** The key length both providers need. */
  public static final int LENGTH = 32;

  private final byte[] key;

  private EncryptionKey(byte[] key) {
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("encryption key must be " + LENGTH + " bytes: " + key.length + " bytes");
    }
    this.key = key.clone();
  }

  /** A new random key from {@code random}. */
  public static EncryptionKey generate(SecureRandom random) {
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    return new EncryptionKey(bytes);
  }

  /** The key with these 32 bytes. */
  public static EncryptionKey of(byte[] key) {
    return new EncryptionKey(key);
  }

  /** The key written as standard base64 (the form {@code EncryptionConfiguration} takes). */
  public static EncryptionKey fromBase64(String base64) {
    try {
      return new EncryptionKey(Base64.getDecoder().decode(base64.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("encryption key is not 32 bytes of base64", e);
    }
  }

  /** Standard base64 of the key, for local state and {@code EncryptionConfiguration}. */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionKey other && MessageDigest.isEqual(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "EncryptionKey[redacted]";
  }
}
