package dev.kubestrap.examples.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.sandbox.cluster.SandboxCluster;
import dev.kubestrap.sandbox.cluster.SandboxClusterSpec;
import dev.kubestrap.sandbox.junit.AdminKubeconfig;
import dev.kubestrap.sandbox.junit.SandboxClusterExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fixture snippets of {@code docs/testing-with-kubestrap.md} that are not the integration tests' own, compiled
 * against the real extension; the nested classes are not run here (the build excludes nested classes).
 */
final class SandboxClusterJunitGuide {
  private SandboxClusterJunitGuide() {}

  // tag::registered[]
  static class ClosedSiteTest {
    @RegisterExtension
    static SandboxClusterExtension sandbox = SandboxClusterExtension.reusing(SandboxClusterGuide.closedSite());

    @Test
    void nodesAreThere(KubernetesClient client, Cluster cluster, @AdminKubeconfig Path kubeconfig) {
      assertThat(client.nodes().list().getItems()).hasSize(cluster.spec().nodes().size());
    }
  }
  // end::registered[]

  // tag::fields[]
  static class FieldsTest {
    static SandboxCluster sandbox;          // static fields: set before @BeforeAll
    KubernetesClient client;                // instance fields: set when the instance is made
    @AdminKubeconfig Path kubeconfig;

    @RegisterExtension
    static SandboxClusterExtension cluster = SandboxClusterExtension.of(SandboxClusterSpec.defaults());
  }
  // end::fields[]
}
