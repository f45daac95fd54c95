package dev.kubestrap.cluster.internal;

import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.component.ClusterSecrets;
import dev.kubestrap.component.EncryptionKey;
import dev.kubestrap.io.AtomicFiles;
import dev.kubestrap.kubeconfig.Kubeconfig;
import dev.kubestrap.kubeconfig.KubeconfigException;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.pki.PkiStore;
import dev.kubestrap.spec.ClusterSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A cluster's state directory on the deploying machine (0700): {@code pki/} (the {@link PkiStore}, 0700, keys
 * 0600), {@code encryption-key} (0600, base64), {@code admin.kubeconfig} and {@code super-admin.kubeconfig} (0600),
 * and the executor's {@code last-applied-plan.json}. Existing keys and CAs are always reused, and every
 * {@link #ensure} tightens the modes of what an earlier run (or a copy) left more open.
 */
public final class LocalState {
  public static final String PKI_DIR = "pki";
  public static final String ENCRYPTION_KEY = "encryption-key";
  public static final String ADMIN_KUBECONFIG = "admin.kubeconfig";
  public static final String SUPER_ADMIN_KUBECONFIG = "super-admin.kubeconfig";

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private final Path dir;

  public LocalState(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path directory() {
    return dir;
  }

  /**
   * Ensures the PKI and the encryption key (made only when missing) and returns them; the directories are made
   * (or set) 0700 first, and the key files 0600 afterwards.
   */
  public ClusterSecrets ensure(ClusterSpec spec) {
    Path pki = dir.resolve(PKI_DIR);
    ownerOnly(dir);
    ownerOnly(pki);
    ClusterCertificates certificates = PkiStore.at(pki).ensure(spec.pkiFacts().build());
    ClusterSecrets secrets = new ClusterSecrets(certificates, encryptionKey());
    tightenKeyFiles(pki);
    return secrets;
  }

  /** Creates {@code directory} owner-only, or makes an existing one so: its files are no one else's business. */
  private static void ownerOnly(Path directory) {
    try {
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      }
      if (!Files.getPosixFilePermissions(directory).equals(OWNER_ONLY)) {
        Files.setPosixFilePermissions(directory, OWNER_ONLY);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new ClusterException("cannot make the state directory " + directory + " private (0700): " + e, e);
    }
  }

  /** Key files left 0644 by an earlier run, an older version or a copy become 0600. */
  private void tightenKeyFiles(Path pki) {
    List<Path> keys = new ArrayList<>(List.of(dir.resolve(ENCRYPTION_KEY), dir.resolve(ADMIN_KUBECONFIG),
        dir.resolve(SUPER_ADMIN_KUBECONFIG)));
    try (Stream<Path> tree = Files.walk(pki)) {
      tree.filter(p -> p.getFileName().toString().endsWith("-key.pem")).forEach(keys::add);
      for (Path key : keys) {
        if (Files.isRegularFile(key, LinkOption.NOFOLLOW_LINKS)) {
          AtomicFiles.restrict(key, AtomicFiles.PRIVATE);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ClusterException("cannot make the key files under " + dir + " private (0600): " + e, e);
    }
  }

  private EncryptionKey encryptionKey() {
    Path file = dir.resolve(ENCRYPTION_KEY);
    try {
      if (Files.isRegularFile(file)) {
        return EncryptionKey.fromBase64(Files.readString(file, StandardCharsets.UTF_8));
      }
      EncryptionKey key = EncryptionKey.generate(new SecureRandom());
      AtomicFiles.write(file, (key.toBase64() + "\n").getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
      return key;
    } catch (IOException e) {
      throw new ClusterException("cannot keep the encryption key in " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ClusterException(file + " does not hold a 32-byte base64 key: restore it, or delete it only if "
          + "no Secret was ever encrypted with it", e);
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

  /**
   * Writes both kubeconfigs (0600) and returns the admin one. A file that already holds its content is left as it is:
   * every plan and apply comes here, and an unchanged re-apply should not rewrite, force and rename them.
   */
  public Kubeconfig writeKubeconfigs(ClusterSpec spec, ClusterCertificates pki) {
    Kubeconfig admin = adminKubeconfig(spec, pki);
    writeKubeconfig(admin, dir.resolve(ADMIN_KUBECONFIG));
    writeKubeconfig(superAdminKubeconfig(spec, pki), dir.resolve(SUPER_ADMIN_KUBECONFIG));
    return admin;
  }

  private static void writeKubeconfig(Kubeconfig kubeconfig, Path file) {
    try {
      AtomicFiles.writeIfChanged(file, kubeconfig.toYaml().getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
    } catch (IOException e) {
      throw new KubeconfigException("cannot write kubeconfig " + file + ": " + e, e);
    }
  }
}
