package dev.kubestrap.component;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An executable a component needs, to be resolved by a binary source and placed with mode 0755.
 *
 * @param artifact the release artifact, as named in {@code download-urls.tsv}: {@code etcd},
 *     {@code kube-apiserver}, {@code containerd}, {@code runc}, {@code cni-plugins}, {@code crictl}, ...
 * @param version the artifact version, without a leading {@code v}
 * @param entry the executable's name inside the artifact ({@code etcdctl} in the etcd archive,
 *     {@code containerd-shim-runc-v2} in containerd's); the artifact name itself for a bare binary
 * @param target absolute path on the host
 */
public record RequiredBinary(String artifact, String version, String entry, Path target) {

  public RequiredBinary {
    Objects.requireNonNull(artifact, "artifact must not be null");
    Objects.requireNonNull(version, "version must not be null");
    Objects.requireNonNull(entry, "entry must not be null");
    if (target == null || !target.isAbsolute()) {
      throw new ComponentException("binary target must be an absolute path: '" + target + "'");
    }
  }
}
