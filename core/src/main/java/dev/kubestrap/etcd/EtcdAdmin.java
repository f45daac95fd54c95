package dev.kubestrap.etcd;

import dev.kubestrap.operation.Operation;
import java.nio.file.Path;
import java.util.List;

/**
 * The etcd cluster of a running Kubernetes cluster, as {@code Cluster.etcd()} gives it: reached with
 * {@code etcdctl} on a member host over mutual TLS (the etcd CA and the health-check client certificate
 * kubestrap placed there), through the first member that answers.
 */
public interface EtcdAdmin {

  /** Every member, as {@code etcdctl member list} reports it. */
  List<EtcdMember> members();

  /** Every member's health, each asked directly. */
  List<EtcdHealth> health();

  /**
   * Takes a snapshot on a healthy member ({@code etcdctl snapshot save}, 0600 on the host) and streams it to
   * {@code file} on this machine (written beside it, then renamed; never half written), with its SHA-256 checked
   * against the member's copy and its revision read with {@code etcdutl snapshot status}. The member's copy is
   * deleted afterwards.
   */
  EtcdSnapshot snapshot(Path file);

  /**
   * Rebuilds the etcd cluster from {@code snapshot}, as an {@link Operation} to review and apply: the snapshot goes
   * to every member; the control plane and every member stop; each member's data directory is moved aside (to
   * {@code data.before-restore-<time>}, not deleted); each member's data is restored from the snapshot as a new
   * cluster of the same members; etcd starts everywhere; the control plane starts again.
   */
  Operation restore(Path snapshot);
}
