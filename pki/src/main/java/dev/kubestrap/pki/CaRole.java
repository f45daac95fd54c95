package dev.kubestrap.pki;

/**
 * The three certificate authorities of a Kubernetes cluster, as kubeadm keeps them apart so that no
 * node or user certificate is trusted by etcd or accepted as a front proxy. In the single-CA layout
 * ({@link KubernetesPki.Builder#singleCa()}) {@link #CLUSTER} plays all three parts.
 */
public enum CaRole {
  /** Signs the API server, component, user and kubelet certificates. File base {@code ca}, CN {@code kubernetes}. */
  CLUSTER("ca", "kubernetes"),
  /** Signs the etcd server, peer and client certificates. File base {@code etcd-ca}, CN {@code etcd-ca}. */
  ETCD("etcd-ca", "etcd-ca"),
  /** Signs the aggregation-layer client certificate. File base {@code front-proxy-ca}, CN {@code front-proxy-ca}. */
  FRONT_PROXY("front-proxy-ca", "front-proxy-ca");

  private final String fileBase;
  private final String commonName;

  CaRole(String fileBase, String commonName) {
    this.fileBase = fileBase;
    this.commonName = commonName;
  }

  /** The store's base name: the certificate is {@code <base>.pem}, the key {@code <base>-key.pem}. */
  public String fileBase() {
    return fileBase;
  }

  /** The common name of a CA kubestrap creates for this role. */
  public String commonName() {
    return commonName;
  }
}
