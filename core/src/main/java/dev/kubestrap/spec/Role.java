package dev.kubestrap.spec;

/** What a host does in the cluster. A host may have several roles. */
public enum Role {
  /** Runs kube-apiserver, kube-controller-manager and kube-scheduler (and etcd unless etcd hosts are named). */
  CONTROL_PLANE,
  /** Runs an etcd member. */
  ETCD,
  /** Runs containerd, the kubelet and kube-proxy. */
  WORKER
}
