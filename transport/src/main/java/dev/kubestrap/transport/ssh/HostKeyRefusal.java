package dev.kubestrap.transport.ssh;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Why a host key verifier said no. sshj only learns "not verifiable"; the verifier leaves the full
 * reason here so the connection error can name the host and the fingerprints.
 */
final class HostKeyRefusal {
  private final AtomicReference<String> reason = new AtomicReference<>();

  void refuse(String why) {
    reason.compareAndSet(null, why);
  }

  String reason() {
    return reason.get();
  }
}
