package dev.kubestrap.spec;

/** The provider that encrypts Secrets at rest in etcd; both take a 32-byte key. */
public enum EncryptionProvider {
  /** AES-CBC with PKCS#7 padding ({@code aescbc}). */
  AESCBC("aescbc"),
  /** XSalsa20 and Poly1305 ({@code secretbox}); the default, as upstream rates it stronger than aescbc. */
  SECRETBOX("secretbox");

  private final String configName;

  EncryptionProvider(String configName) {
    this.configName = configName;
  }

  /** The provider's key in {@code EncryptionConfiguration}, e.g. {@code aescbc}. */
  public String configName() {
    return configName;
  }
}
