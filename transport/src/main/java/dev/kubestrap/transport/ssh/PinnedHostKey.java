package dev.kubestrap.transport.ssh;

import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/** Accepts exactly one host key, identified by its SHA-256 fingerprint. */
final class PinnedHostKey implements HostKeyVerifier {
  private final String fingerprint;
  private final HostKeyRefusal refusal;

  PinnedHostKey(String fingerprint, HostKeyRefusal refusal) {
    this.fingerprint = fingerprint;
    this.refusal = refusal;
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    String offered = Fingerprints.sha256(key);
    if (offered.equals(fingerprint)) {
      return true;
    }
    refusal.refuse("host key of " + hostname + ":" + port + " does not match the pinned fingerprint: expected "
        + fingerprint + ", server offered " + Fingerprints.type(key) + " " + offered);
    return false;
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    return List.of();
  }
}
