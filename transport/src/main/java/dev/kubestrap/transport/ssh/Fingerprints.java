package dev.kubestrap.transport.ssh;

import dev.kubestrap.transport.internal.Sha256;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/** OpenSSH-style {@code SHA256:<base64 without padding>} fingerprints of SSH public keys. */
final class Fingerprints {
  private Fingerprints() {}

  static String sha256(PublicKey key) {
    return ofBlob(blob(key));
  }

  /** The fingerprint of a key given as the base64 blob of a known_hosts or authorized_keys line. */
  static String ofBase64Blob(String base64) {
    return ofBlob(Base64.getDecoder().decode(base64));
  }

  static String ofBlob(byte[] blob) {
    byte[] digest = Sha256.newDigest().digest(blob);
    return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
  }

  /** The SSH wire encoding of a public key, as known_hosts stores it (base64). */
  static byte[] blob(PublicKey key) {
    return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
  }

  static String type(PublicKey key) {
    return KeyType.fromKey(key).toString();
  }
}
