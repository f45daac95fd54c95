package dev.kubestrap.cluster;

/**
 * How the programs reach the hosts of a cluster; see {@link ClusterBuilder#binaryDistribution}. In every way a host
 * ends up with the pinned bytes, checked on the host, or is sent the file from this machine.
 */
public enum BinaryDistribution {
  /** This machine sends each host every program it lacks (the default). */
  UPLOAD,
  /**
   * Each host downloads its programs from the binary source's URLs itself (the official release URLs, or a mirror's)
   * and checks their sha256 before placing them; a program packed in an archive (etcd, containerd, crictl, the CNI
   * plugins) is taken out of the archive, downloaded once per host and apply and checked, with {@code tar}. Programs
   * of a local directory and hosts that cannot download are sent from this machine.
   */
  HOSTS_FETCH,
  /**
   * For closed networks: the first host of the cluster receives each program once and serves it over HTTPS (a
   * certificate from the cluster CA, trusted by the others for this alone) to the other hosts while the apply runs;
   * they download and check each sha256. A host that cannot download is sent the file from this machine.
   */
  FIRST_HOST_SERVES
}
