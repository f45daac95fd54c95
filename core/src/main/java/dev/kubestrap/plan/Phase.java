package dev.kubestrap.plan;

/**
 * The phases of a plan, in the order they are applied. Every host finishes a phase before any host
 * starts the next one.
 */
public enum Phase {
  /** Certificates, keys and kubeconfigs placed on the hosts. */
  PKI,
  /** The etcd members. */
  ETCD,
  /** kube-apiserver, kube-controller-manager, kube-scheduler. */
  CONTROL_PLANE,
  /** Node preparation, the container runtime, kubelet and kube-proxy. */
  NODES,
  /** RBAC objects the cluster needs before nodes can be used. */
  CLUSTER_RBAC,
  /** Cluster add-ons such as the pod network and DNS. */
  ADDONS,
  /** Final health checks. */
  VERIFY;

  /** The phase name as written in summaries and records, e.g. {@code control-plane}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
