package dev.kubestrap.transport.ssh;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.ChachaPolyCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;

/**
 * The sshj configuration kubestrap uses: only modern ciphers, AES-GCM first because the JDK runs it
 * with AES-NI and carryless-multiply intrinsics (several times faster than the pure-Java ChaCha20), and
 * OpenSSH keep-alive requests that detect a dead peer.
 */
final class SshjSettings {
  private SshjSettings() {}

  static DefaultConfig create() {
    DefaultConfig config = new DefaultConfig();
    config.setCipherFactories(
        GcmCiphers.AES128GCM(),
        GcmCiphers.AES256GCM(),
        BlockCiphers.AES128CTR(),
        BlockCiphers.AES256CTR(),
        ChachaPolyCiphers.CHACHA_POLY_OPENSSH());
    config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
    return config;
  }
}
