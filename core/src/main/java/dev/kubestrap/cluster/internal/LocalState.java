package dev.kubestrap.cluster.internal;

import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.component.ClusterSecrets;
import dev.kubestrap.component.EncryptionKey;
import dev.kubestrap.kubeconfig.Kubeconfig;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.pki.PkiStore;
import dev.kubestrap.spec.ClusterSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A cluster's state directory on the deploying machine: {@code pki/} (the {@link PkiStore}), {@code encryption-key}
 * (0600, base64), {@code admin.kubeconfig} and {@code super-admin.kubeconfig} (0600), and the executor's
 * {@code last-applied-plan.json}. Existing keys and CAs are always reused.
 */
public final class LocalState {
  public static final String PKI_DIR = "pki";
  public static final String ENCRYPTION_KEY = "encryption-key";
  public static final String ADMIN_KUBECONFIG = "admin.kubeconfig";
  public static final String SUPER_ADMIN_KUBECONFIG = "super-admin.kubeconfig";

  private final Path dir;

  public LocalState(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path directory() {
    return dir;
  }

  /** Ensures the PKI and the encryption key (made only when missing) and returns them. */
  public ClusterSecrets ensure(ClusterSpec spec) {
    ClusterCertificates certificates = PkiStore.at(dir.resolve(PKI_DIR)).ensure(spec.pkiFacts().build());
    return new ClusterSecrets(certificates, encryptionKey());
  }

  private EncryptionKey encryptionKey() {
    Path file = dir.resolve(ENCRYPTION_KEY);
    try {
      if (Files.isRegularFile(file)) {
        return EncryptionKey.fromBase64(Files.readString(file, StandardCharsets.UTF_8));
      }
      EncryptionKey key = EncryptionKey.generate(new SecureRandom());
      writePrivate(file, key.toBase64() + "\n");
      return key;
    } catch (IOException e) {
      throw new ClusterException("cannot keep the encryption key in " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ClusterException(file + " does not hold a 32-byte base64 key: restore it, or delete it only if "
          + "no Secret was ever encrypted with it", e);
    }
  }

  private static void writePrivate(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The admin kubeconfig (group {@code kubestrap:cluster-admins}) for the first control-plane host. */
  public static Kubeconfig adminKubeconfig(ClusterSpec spec, ClusterCertificates pki) {
    return kubeconfig(spec, pki, "admin", pki.admin());
  }

  /** The break-glass kubeconfig (group {@code system:masters}); keep it offline. */
  public static Kubeconfig superAdminKubeconfig(ClusterSpec spec, ClusterCertificates pki) {
    return kubeconfig(spec, pki, "super-admin", pki.superAdmin());
  }

  private static Kubeconfig kubeconfig(ClusterSpec spec, ClusterCertificates pki, String user, IssuedCertificate cert) {
    return Kubeconfig.forClientCertificate(spec.kubeconfigClusterName(), spec.apiServerUrl(), pki.ca().certificatePem(),
        user, cert.certificatePem(), cert.privateKeyPem(), spec.kubeconfigContextName());
  }

  /** Writes both kubeconfigs (0600) and returns the admin one. */
  public Kubeconfig writeKubeconfigs(ClusterSpec spec, ClusterCertificates pki) {
    Kubeconfig admin = adminKubeconfig(spec, pki);
    admin.writeTo(dir.resolve(ADMIN_KUBECONFIG));
    superAdminKubeconfig(spec, pki).writeTo(dir.resolve(SUPER_ADMIN_KUBECONFIG));
    return admin;
  }
}
