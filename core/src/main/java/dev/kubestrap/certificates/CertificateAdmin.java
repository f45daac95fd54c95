package dev.kubestrap.certificates;

import dev.kubestrap.operation.Operation;

/**
 * The certificates of a running cluster, on its hosts. What kubestrap does not renew: the CAs (10 years by
 * default) and the service-account key pair (tokens signed with it stay valid). The kubelets' client certificates
 * also renew themselves ({@code rotateCertificates: true}, approved by kube-controller-manager's CSR approver).
 */
public interface CertificateAdmin {

  /**
   * When every certificate on every host expires: each {@code .pem} certificate and each kubeconfig's client
   * certificate that kubestrap placed, read from the host (not from the local state, which may differ from what a
   * host has).
   */
  CertificateExpiry expiry();

  /**
   * Renews every leaf certificate (new keys, one more year from now) under the same CAs, as an {@link Operation}:
   * the local state first, then the control-plane hosts one at a time (the files and kubeconfigs that embed them
   * are rewritten and only the services that read a changed file restart, each waited for until healthy), then the
   * other hosts, then the local admin kubeconfigs.
   */
  Operation renew();
}
