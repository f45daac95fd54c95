package dev.kubestrap.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * A fresh Ed25519 key pair in OpenSSH formats: used as a sandbox host's SSH host key and as the
 * sandbox's client key. The key comes from the JVM's JCA {@link KeyPairGenerator}; Bouncy Castle only
 * re-encodes it in OpenSSH's formats. {@link #toString()} shows only the fingerprint.
 */
final class SshKeyPair {

  private final byte[] privateKeyBlob;
  private final byte[] publicKeyBlob;

  private SshKeyPair(byte[] privateKeyBlob, byte[] publicKeyBlob) {
    this.privateKeyBlob = privateKeyBlob;
    this.publicKeyBlob = publicKeyBlob;
  }

  static SshKeyPair generateEd25519() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new SshKeyPair(
          OpenSSHPrivateKeyUtil.encodePrivateKey(PrivateKeyFactory.createKey(pair.getPrivate().getEncoded())),
          OpenSSHPublicKeyUtil.encodePublicKey(PublicKeyFactory.createKey(pair.getPublic().getEncoded())));
    } catch (IOException | GeneralSecurityException e) {
      throw new SandboxException("encoding a new Ed25519 key failed: " + e.getMessage(), e);
    }
  }

  /** The {@code authorized_keys} / {@code .pub} line: {@code ssh-ed25519 AAAA... comment}. */
  String publicKeyLine(String comment) {
    return "ssh-ed25519 " + Base64.getEncoder().encodeToString(publicKeyBlob) + " " + comment;
  }

  /** OpenSSH's {@code SHA256:...} fingerprint (unpadded base64 of the key blob's SHA-256). */
  String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKeyBlob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Writes the private key (mode 0600, created so) and the public key next to it as {@code .pub}. */
  void writeTo(Path privateKeyFile, String comment) {
    String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(privateKeyBlob)
        + "\n-----END OPENSSH PRIVATE KEY-----\n";
    try {
      Files.deleteIfExists(privateKeyFile);
      Files.createFile(privateKeyFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(privateKeyFile, pem, StandardCharsets.US_ASCII,
          StandardOpenOption.TRUNCATE_EXISTING);
      Files.writeString(privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub"),
          publicKeyLine(comment) + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new SandboxException("writing an SSH key to " + privateKeyFile + " failed: "
          + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SshKeyPair[ed25519 " + fingerprint() + "]";
  }
}
