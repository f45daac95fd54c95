package dev.kubestrap.transport.ssh;

import com.hierynomus.sshj.key.KeyAlgorithms;
import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.ChachaPolyCiphers;
import com.hierynomus.sshj.transport.kex.DHGroups;
import com.hierynomus.sshj.transport.kex.ExtInfoClientFactory;
import com.hierynomus.sshj.transport.mac.Macs;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.kex.Curve25519SHA256;
import net.schmizz.sshj.transport.kex.DHGexSHA1;
import net.schmizz.sshj.transport.kex.DHGexSHA256;
import net.schmizz.sshj.transport.kex.ECDHNistP;
import net.schmizz.sshj.transport.kex.KeyExchange;
import net.schmizz.sshj.transport.mac.MAC;

/**
 * The sshj configuration kubestrap uses: the algorithms of OpenSSH's client defaults that sshj implements, in
 * OpenSSH's order (ssh_config(5) of OpenSSH 9.2: KexAlgorithms, HostKeyAlgorithms, Ciphers, MACs), with two
 * deviations: sshj lacks sntrup761x25519-sha512, the umac MACs and the security-key and RSA certificate host
 * keys, so those are missing; and AES-GCM comes first among the ciphers, backed by the JDK's provider
 * ({@link JdkAesGcm}), which runs it with hardware instructions and measured several times faster than the
 * Bouncy Castle implementations of AES-GCM and ChaCha20-Poly1305. With {@link SshConfig#legacyAlgorithms()} the
 * algorithms OpenSSH dropped from its defaults follow (SHA-1 key exchanges, ssh-rsa and ssh-dss host keys, CBC
 * ciphers, MD5 and truncated MACs). Keep-alives are kubestrap's own
 * ({@link DeadPeerWatch}): sshj's keep-alive thread blocks behind a stalled upload and so never sees the peer die.
 */
final class SshjSettings {
  private SshjSettings() {}

  static DefaultConfig create(boolean legacy) {
    DefaultConfig config = new DefaultConfig();
    List<Factory.Named<KeyExchange>> kex = new ArrayList<>(List.of(
        new Curve25519SHA256.Factory(),
        new Curve25519SHA256.FactoryLibSsh(),
        new ECDHNistP.Factory256(),
        new ECDHNistP.Factory384(),
        new ECDHNistP.Factory521(),
        new DHGexSHA256.Factory(),
        DHGroups.Group16SHA512(),
        DHGroups.Group18SHA512(),
        DHGroups.Group14SHA256()));
    List<Factory.Named<com.hierynomus.sshj.key.KeyAlgorithm>> hostKeys = new ArrayList<>(List.of(
        KeyAlgorithms.EdDSA25519CertV01(),
        KeyAlgorithms.ECDSASHANistp256CertV01(),
        KeyAlgorithms.ECDSASHANistp384CertV01(),
        KeyAlgorithms.ECDSASHANistp521CertV01(),
        KeyAlgorithms.EdDSA25519(),
        KeyAlgorithms.ECDSASHANistp256(),
        KeyAlgorithms.ECDSASHANistp384(),
        KeyAlgorithms.ECDSASHANistp521(),
        KeyAlgorithms.RSASHA512(),
        KeyAlgorithms.RSASHA256()));
    List<Factory.Named<Cipher>> ciphers = new ArrayList<>(List.of(
        JdkAesGcm.factory(128),
        JdkAesGcm.factory(256),
        BlockCiphers.AES128CTR(),
        BlockCiphers.AES192CTR(),
        BlockCiphers.AES256CTR(),
        ChachaPolyCiphers.CHACHA_POLY_OPENSSH()));
    List<Factory.Named<MAC>> macs = new ArrayList<>(List.of(
        Macs.HMACSHA2256Etm(),
        Macs.HMACSHA2512Etm(),
        Macs.HMACSHA1Etm(),
        Macs.HMACSHA2256(),
        Macs.HMACSHA2512(),
        Macs.HMACSHA1()));
    if (legacy) {
      kex.addAll(List.of(DHGroups.Group14SHA1(), new DHGexSHA1.Factory(), DHGroups.Group1SHA1()));
      hostKeys.addAll(List.of(KeyAlgorithms.SSHRSACertV01(), KeyAlgorithms.SSHRSA(), KeyAlgorithms.SSHDSSCertV01(),
          KeyAlgorithms.SSHDSA()));
      ciphers.addAll(List.of(BlockCiphers.AES128CBC(), BlockCiphers.AES192CBC(), BlockCiphers.AES256CBC(),
          BlockCiphers.TripleDESCBC()));
      macs.addAll(List.of(Macs.HMACSHA196Etm(), Macs.HMACSHA196(), Macs.HMACMD5Etm(), Macs.HMACMD5(),
          Macs.HMACMD596Etm(), Macs.HMACMD596()));
    }
    kex.add(new ExtInfoClientFactory()); // RFC 8308: lets the server name the RSA signatures it accepts
    config.setKeyExchangeFactories(kex);
    config.setKeyAlgorithms(hostKeys);
    config.setCipherFactories(ciphers);
    config.setMACFactories(macs);
    return config;
  }
}
