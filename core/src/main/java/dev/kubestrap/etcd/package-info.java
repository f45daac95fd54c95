/**
 * An etcd cluster as kubestrap runs it: its members and their health read with {@code etcdctl} on a member host
 * over mutual TLS, membership changes, and snapshots streamed to this machine. {@link
 * dev.kubestrap.etcd.EtcdAdmin} is what {@code Cluster.etcd()} returns.
 */
package dev.kubestrap.etcd;
