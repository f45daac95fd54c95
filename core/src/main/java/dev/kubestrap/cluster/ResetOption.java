package dev.kubestrap.cluster;

/** Options of {@link Cluster#reset(ResetOption...)}. Without any, data directories (etcd's data) are kept. */
public enum ResetOption {
  /** Also delete the components' data directories, such as {@code /opt/etcd/data}: the cluster's state is lost. */
  DELETE_DATA
}
