package dev.kubestrap.examples.sandbox;

import dev.kubestrap.images.RegistryMirror;
import dev.kubestrap.proxy.HttpProxy;
import dev.kubestrap.sandbox.cluster.SandboxCluster;
import dev.kubestrap.sandbox.cluster.SandboxClusterSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/** The code behind the programmatic snippets of {@code docs/testing-with-kubestrap.md}; needs root. */
public final class SandboxClusterGuide {
  private SandboxClusterGuide() {}

  /** Starts a cluster of the programs built from source, prints its nodes, and removes it. */
  public static void withoutJunit(Path programs) {
    // tag::programmatic[]
    SandboxClusterSpec spec = SandboxClusterSpec.builder()
        .controlPlanes(1).workers(2)
        .programs(programs)                          // e.g. the directory of programs/build.sh
        .images(programs.resolve("images"))          // imported on every node, nothing is pulled
        .build();
    try (SandboxCluster sandbox = SandboxCluster.start(spec)) {   // ready: nodes and system pods Ready
      KubernetesClient client = sandbox.client();
      client.nodes().list().getItems().forEach(node -> System.out.println(node.getMetadata().getName()));
      System.out.println("kubectl --kubeconfig " + sandbox.kubeconfig() + " get pods -A");
    }                                                // hosts powered off and removed
    // end::programmatic[]
  }

  /** A spec for a closed site: images from a mirror, pulls through a proxy. */
  public static SandboxClusterSpec closedSite() {
    // tag::closed-site[]
    SandboxClusterSpec spec = SandboxClusterSpec.builder()
        .registryMirror(RegistryMirror.forRegistry("docker.io")
            .endpoint("https://mirror.corp.example:5000")
            .caCertificate(Path.of("corp-ca.pem"))   // placed beside hosts.toml on every node
            .build())
        .httpProxy(HttpProxy.builder().http("http://proxy.corp.example:3128")
            .noProxy("corp.example")                 // the cluster's ranges, nodes and domain are added
            .build())
        .build();
    // end::closed-site[]
    return spec;
  }
}
