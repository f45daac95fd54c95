package dev.kubestrap.examples.cluster;

import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.cluster.BinaryDistribution;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.cluster.Host;
import java.net.URI;

/** The ways programs reach the hosts, as {@code docs/binaries.md} shows them; builders only, nothing is contacted. */
public final class BinaryDistributionGuide {
  private BinaryDistributionGuide() {}

  /** Every host downloads its programs from the internal mirror itself and checks each sha256 there. */
  public static ClusterBuilder hostsFetchFromAMirror() {
    // tag::hosts-fetch[]
    return ClusterBuilder.named("lab")
        .master(Host.ssh("10.1.0.15"))
        .worker(Host.ssh("10.1.0.16"))
        .binaries(BinarySource.mirror(URI.create("https://mirror.internal.example/k8s/")))
        .binaryDistribution(BinaryDistribution.HOSTS_FETCH);
    // end::hosts-fetch[]
  }

  /** A closed network: the first host receives each program once and serves it to the others during the apply. */
  public static ClusterBuilder firstHostServes() {
    // tag::first-host-serves[]
    return ClusterBuilder.named("lab")
        .master(Host.ssh("10.1.0.15"))      // receives each program once, serves the others over HTTPS
        .worker(Host.ssh("10.1.0.16"))
        .worker(Host.ssh("10.1.0.17"))
        .binaries(BinarySource.directory(java.nio.file.Path.of("/srv/kubernetes-bundle")))
        .binaryDistribution(BinaryDistribution.FIRST_HOST_SERVES);
    // end::first-host-serves[]
  }
}
