package dev.kubestrap.cluster;

/**
 * A program that a plan made with {@link ClusterBuilder#dryRunBinaries()} left out, because its sha256 is known only
 * after downloading (an archive member, or a binary whose digest is published only beside it).
 *
 * @param artifact the release artifact, e.g. {@code etcd}
 * @param version its version
 * @param program the program inside it, e.g. {@code etcdctl}
 * @param target where it will land on the hosts, e.g. {@code /opt/etcd/etcdctl}
 * @param reason why the digest is not known without downloading
 */
public record UnresolvedBinary(String artifact, String version, String program, String target, String reason) {
  @Override
  public String toString() {
    return artifact + " " + version + " (" + program + " -> " + target + "): " + reason;
  }
}
