package dev.kubestrap.sandbox.cluster;

import dev.kubestrap.binaries.BuildManifest;
import dev.kubestrap.cluster.ClusterBuilder;
import java.util.Optional;

/**
 * The versions a build manifest records, given to a cluster so that it asks for exactly what was built: Kubernetes
 * (the kubelet's row), etcd, containerd, runc, crictl and the CNI plugins. A component without a row keeps the
 * builder's default.
 */
public record ManifestVersions(BuildManifest manifest) {

  /** Sets on {@code builder} every version the manifest has a row for. */
  public void applyTo(ClusterBuilder builder) {
    version("kubelet").ifPresent(builder::kubernetesVersion);
    version("etcd").ifPresent(builder::etcdVersion);
    version("containerd").ifPresent(builder::containerdVersion);
    version("runc").ifPresent(builder::runcVersion);
    version("crictl").ifPresent(builder::crictlVersion);
    version("cni-plugins").ifPresent(builder::cniPluginsVersion);
  }

  /** The version of {@code component}'s first row, if any. */
  public Optional<String> version(String component) {
    return manifest.entries().stream().filter(entry -> entry.component().equals(component)).findFirst()
        .map(BuildManifest.Entry::version);
  }
}
