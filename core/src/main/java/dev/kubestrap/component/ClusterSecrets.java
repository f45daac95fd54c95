package dev.kubestrap.component;

import dev.kubestrap.pki.ClusterCertificates;
import java.util.Objects;

/**
 * The local state a render needs besides the spec: the cluster's certificates and the Secrets encryption
 * key. Both are made once and kept (a {@code PkiStore}, the key file), so renders are repeatable.
 * {@link #toString()} shows no key material.
 *
 * @param certificates every CA, leaf certificate and the service-account key
 * @param encryptionKey the key of the apiserver's encryption provider
 */
public record ClusterSecrets(ClusterCertificates certificates, EncryptionKey encryptionKey) {

  public ClusterSecrets {
    Objects.requireNonNull(certificates, "certificates must not be null");
    Objects.requireNonNull(encryptionKey, "encryptionKey must not be null");
  }

  @Override
  public String toString() {
    return "ClusterSecrets[certificates, encryptionKey=redacted]";
  }
}
