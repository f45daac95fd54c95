package dev.kubestrap.transport.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** An SSH key pair made by {@code ssh-keygen}, in a test directory. */
public record KeyPair(Path privateKey, Path publicKey) {

  /** {@code ssh-keygen -t <type> [-m PEM] -N <passphrase>}; an empty passphrase leaves the key unencrypted. */
  public static KeyPair generate(Path dir, String name, String type, String passphrase, boolean pem) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    Path key = dir.resolve(name);
    if (pem) {
      Shell.check("ssh-keygen", "-q", "-t", type, "-m", "PEM", "-N", passphrase, "-C", name, "-f", key.toString());
    } else {
      Shell.check("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name, "-f", key.toString());
    }
    return new KeyPair(key, dir.resolve(name + ".pub"));
  }

  public static KeyPair ed25519(Path dir, String name) {
    return generate(dir, name, "ed25519", "", false);
  }

  /** The {@code SHA256:...} fingerprint as {@code ssh-keygen -lf} prints it. */
  public String fingerprint() {
    return Shell.check("ssh-keygen", "-l", "-E", "sha256", "-f", publicKey.toString()).split("\\s+")[1];
  }

  public String publicLine() {
    try {
      return Files.readString(publicKey).strip();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
