package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.sandbox.cluster.SandboxCluster;
import dev.kubestrap.sandbox.junit.AdminKubeconfig;
import dev.kubestrap.sandbox.junit.WithSandboxCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** A second class asking for the same cluster gets the running one: nothing boots again. */
@WithSandboxCluster(workers = 2, programs = "${KUBESTRAP_PROGRAMS}", images = "${KUBESTRAP_PROGRAMS}/images",
    reuse = true)
@Order(2)
class SameClusterTest {
  static SandboxCluster sandbox;
  static Cluster cluster;
  @AdminKubeconfig static Path kubeconfig;
  KubernetesClient client;

  @Test
  void everyFieldReceivesThePartsOfOneCluster() throws Exception {
    assertThat(cluster).isSameAs(sandbox.cluster());
    assertThat(client).isSameAs(sandbox.client());
    assertThat(kubeconfig).isEqualTo(sandbox.kubeconfig());
    assertThat(Files.readString(kubeconfig)).contains("client-certificate-data");
  }

  @Test
  void itIsTheClusterTheFirstClassGotWithTheDeploymentItStored() {
    assumeTrue(FirstClusterTest.sandbox != null, "FirstClusterTest did not run in this JVM");

    assertThat(sandbox).isSameAs(FirstClusterTest.sandbox);
    assertThat(client.apps().deployments().inNamespace("default").withName("hello").get()).isNotNull();
  }
}
