package dev.kubestrap.sandbox.cluster;

import dev.kubestrap.binaries.BuildManifest;
import dev.kubestrap.cluster.ClusterBuilder;
import java.util.Optional;

/** The versions a build manifest records, given to a cluster so that it asks for exactly what was built. */
record ManifestVersions(BuildManifest manifest) {

  void applyTo(ClusterBuilder builder) {
    version("kubelet").ifPresent(builder::kubernetesVersion);
    version("etcd").ifPresent(builder::etcdVersion);
    version("containerd").ifPresent(builder::containerdVersion);
    version("runc").ifPresent(builder::runcVersion);
    version("crictl").ifPresent(builder::crictlVersion);
    version("cni-plugins").ifPresent(builder::cniPluginsVersion);
  }

  Optional<String> version(String component) {
    return manifest.entries().stream().filter(entry -> entry.component().equals(component)).findFirst()
        .map(BuildManifest.Entry::version);
  }
}
