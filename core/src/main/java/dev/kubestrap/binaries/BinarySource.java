package dev.kubestrap.binaries;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where the programs of a cluster come from. Every source yields, for a component, version and
 * architecture, local files with their sha256 (or, for {@link #onHost(Path)}, the directory on the
 * target that already has them).
 *
 * <ul>
 *   <li>{@link #official()}: the upstream release URLs, downloaded once into a cache and verified
 *       against a {@link Pin} (kubespray's sha256, the release notes' sha512, or the caller's); an
 *       unpinned file is refused;
 *   <li>{@link #mirror(URI)}: the same files under another base URL ({@code https}, or {@code file:} for a local
 *       copy), checked against the same pins;
 *   <li>{@link #directory(Path)}: release files already on this machine (an air-gapped bundle);
 *   <li>{@link #onHost(Path)}: programs already installed on the target hosts.
 * </ul>
 *
 * <p>Components are named as in the release tables: {@code kubelet}, {@code kubectl},
 * {@code kubeadm}, {@code kube-apiserver}, {@code kube-controller-manager}, {@code kube-scheduler},
 * {@code kube-proxy}, {@code etcd}, {@code containerd}, {@code containerd-static}, {@code runc},
 * {@code cni-plugins}, {@code crictl}, {@code nerdctl}, and the Kubernetes tarballs {@code kubernetes-server}
 * and {@code kubernetes-node}.
 */
public interface BinarySource {
  /**
   * Returns the programs of {@code component} at {@code version} ({@code 1.36.4} or {@code v1.36.4})
   * for {@code arch}, fetching and verifying them if needed.
   *
   * @throws ChecksumMismatchException when a file's digest is not its pin
   * @throws UnpinnedArtifactException when a download has no pin and unpinned files are not accepted
   * @throws BinarySourceException when a file cannot be found, fetched or unpacked
   * @throws IllegalArgumentException for an unknown component, a malformed version
   */
  ResolvedArtifact resolve(String component, String version, Arch arch);

  /**
   * Checks, on this machine only, what can be known before any host is contacted: that a cluster of Kubernetes
   * {@code kubernetesVersion} for {@code arch} can take its programs from this source. The default checks
   * nothing; {@link DirectorySource} refuses a missing directory, a file, and a directory without the kubelet.
   *
   * @throws BinarySourceException naming the source and the value that cannot work
   */
  default void checkUsable(String kubernetesVersion, Arch arch) {}

  /** The official upstream URLs; see {@link DownloadSource} for the cache and pins. */
  static DownloadSource official() {
    return DownloadSource.official();
  }

  /**
   * The official files under {@code base}, each upstream host as a top-level directory (the layout
   * kubespray's offline {@code files_repo} uses): {@code <base>/dl.k8s.io/release/v1.36.4/bin/linux/amd64/kubelet},
   * {@code <base>/github.com/etcd-io/etcd/releases/download/v3.6.14/etcd-v3.6.14-linux-amd64.tar.gz}.
   * {@code base} is an {@code https} URL or a {@code file:///} directory; for plain {@code http} use
   * {@code official().allowPlainHttp().mirroredAt(base)}.
   *
   * @throws BinarySourceException for a plain-http or otherwise unusable URL, naming it
   */
  static DownloadSource mirror(URI base) {
    return DownloadSource.official().mirroredAt(base);
  }

  /** Release files already on this machine, under their published file names; see {@link DirectorySource}. */
  static DirectorySource directory(Path directory) {
    return DirectorySource.of(directory);
  }

  /** Programs already installed in {@code directory} on every target host: nothing is sent. */
  static OnHostSource onHost(Path directory) {
    return new OnHostSource(directory);
  }

  /** The component names every source understands. */
  static Set<String> components() {
    return Catalog.components();
  }
}
