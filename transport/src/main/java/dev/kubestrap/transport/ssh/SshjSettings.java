package dev.kubestrap.transport.ssh;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.ChachaPolyCiphers;
import net.schmizz.sshj.DefaultConfig;

/**
 * The sshj configuration kubestrap uses: only modern ciphers, AES-GCM first and backed by the JDK's
 * provider ({@link JdkAesGcm}), which runs it with hardware instructions and measured several times
 * faster than the Bouncy Castle implementations of AES-GCM and ChaCha20-Poly1305. Keep-alives are kubestrap's
 * own ({@link DeadPeerWatch}): sshj's keep-alive thread blocks behind a stalled upload and so never sees the
 * peer die.
 */
final class SshjSettings {
  private SshjSettings() {}

  static DefaultConfig create() {
    DefaultConfig config = new DefaultConfig();
    config.setCipherFactories(
        JdkAesGcm.factory(128),
        JdkAesGcm.factory(256),
        BlockCiphers.AES128CTR(),
        BlockCiphers.AES256CTR(),
        ChachaPolyCiphers.CHACHA_POLY_OPENSSH());
    return config;
  }
}
