package dev.kubestrap.transport.ssh;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets the JDK's AES-GCM compiled before a large upload has to wait for it. Until HotSpot's optimizing compiler has
 * compiled the GCM code (and with it the AES-NI and carry-less multiplication intrinsics), a fresh JVM encrypts in
 * plain Java at a few tens of MB/s: a profile of a fresh apply at real size showed its connections' writer threads
 * spending its first two seconds there. An upload alone takes long to get further: the per-packet methods reach the
 * compiler's threshold only after thousands of packets (at 32 KiB each, over 100 MB). Started once per JVM, at the
 * first upload of at least {@link #FROM_BYTES} over an AES-GCM connection, on a daemon thread that encrypts
 * {@link #PACKETS} packets with a throwaway key the way sshj's GCM cipher does (4 bytes of additional data, the rest
 * encrypted in place, a new nonce per packet): about 0.3 s of one core, once, and only when a large upload is under
 * way, so an unchanged re-apply never pays it.
 */
final class AesGcmWarmUp {
  /**
   * Enough packets for the optimizing compiler to take the per-packet methods too (their callers decide whether the
   * intrinsics are used), most of them small to keep this cheap; every sixteenth of the full size uploads use, so the
   * compiled loops see it: about 14 MB in all.
   */
  static final int PACKETS = 6000;
  private static final int PACKET_BYTES = 32 * 1024;
  private static final int SMALL_PACKET_BYTES = 256;
  /** Uploads from this size on start the warm-up: programs, not configuration files. */
  static final long FROM_BYTES = 8L * 1024 * 1024;
  /** The one this JVM's connections use. */
  static final AesGcmWarmUp JVM = new AesGcmWarmUp();

  private final AtomicBoolean used = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();

  /** Notes that a connection encrypts with the JDK's AES-GCM. */
  void used() {
    used.set(true);
  }

  /**
   * Starts the warm-up for an upload of {@code bytes} if it is large, AES-GCM is in use and it has not started
   * before; returns its thread when it did.
   */
  Optional<Thread> beforeUpload(long bytes) {
    if (bytes < FROM_BYTES || !used.get() || !started.compareAndSet(false, true)) {
      return Optional.empty();
    }
    Thread thread = new Thread(AesGcmWarmUp::run, "kubestrap-aes-gcm-warm-up");
    thread.setDaemon(true);
    thread.start();
    return Optional.of(thread);
  }

  private static void run() {
    byte[] key = new byte[16];
    byte[] nonce = new byte[12];
    SecureRandom random = new SecureRandom();
    random.nextBytes(key);
    random.nextBytes(nonce);
    byte[] packet = new byte[4 + PACKET_BYTES + 16];
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      SecretKeySpec spec = new SecretKeySpec(key, "AES");
      for (int i = 0; i < PACKETS; i++) {
        nonce[11]++;
        if (nonce[11] == 0) {
          nonce[10]++;
        }
        cipher.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(packet, 0, 4);
        cipher.doFinal(packet, 4, i % 16 == 0 ? PACKET_BYTES : SMALL_PACKET_BYTES, packet, 4);
      }
    } catch (GeneralSecurityException e) {
      // nothing to warm: the connection reports a missing cipher itself
    }
  }
}
