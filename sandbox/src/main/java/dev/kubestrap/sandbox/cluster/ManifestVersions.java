package dev.kubestrap.sandbox.cluster;

import dev.kubestrap.binaries.BuildManifest;
import dev.kubestrap.spec.ClusterSpec;
import java.util.Optional;

/**
 * The versions a build manifest records, given to a cluster so that it asks for exactly what was built: Kubernetes
 * (the kubelet's version), etcd, containerd, runc, crictl and the CNI plugins, as spec settings
 * ({@code clusterBuilder.spec(versions::applyTo)}). A component the manifest lacks keeps the builder's setting.
 *
 * @param manifest what {@code programs/build.sh} built
 */
public record ManifestVersions(BuildManifest manifest) {

  /** Sets every version the manifest records on {@code builder}. */
  public void applyTo(ClusterSpec.Builder builder) {
    version("kubelet").ifPresent(builder::kubernetesVersion);
    version("etcd").ifPresent(builder::etcdVersion);
    version("containerd").ifPresent(builder::containerdVersion);
    version("runc").ifPresent(builder::runcVersion);
    version("crictl").ifPresent(builder::crictlVersion);
    version("cni-plugins").ifPresent(builder::cniPluginsVersion);
  }

  /** The version the manifest records for {@code component}, e.g. {@code 3.6.14} for {@code etcd}. */
  public Optional<String> version(String component) {
    return manifest.entries().stream().filter(entry -> entry.component().equals(component)).findFirst()
        .map(BuildManifest.Entry::version);
  }
}
