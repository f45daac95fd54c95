package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.sandbox.cluster.SandboxCluster;
import dev.kubestrap.sandbox.junit.WithSandboxCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A first test as a user writes it: a cluster of 1 control-plane host and 2 workers, with the programs built from
 * source (the directory {@code KUBESTRAP_PROGRAMS} names, and their images preloaded), shared with every class of
 * the run that asks for the same.
 */
@Order(1) // the shared cluster's first class: SameClusterTest checks that it gets the cluster this one got
// tag::first-test[]
@WithSandboxCluster(workers = 2, programs = "${KUBESTRAP_PROGRAMS}", images = "${KUBESTRAP_PROGRAMS}/images",
    reuse = true)
class FirstClusterTest {
  static SandboxCluster sandbox;

  @Test
  void threeNodesAreReady(KubernetesClient client) {
    assertThat(client.nodes().list().getItems())
        .hasSize(3)
        .allSatisfy(node -> assertThat(ready(node)).as(node.getMetadata().getName()).isTrue());
  }

  @Test
  void aDeploymentIsStored(KubernetesClient client) {
    Deployment hello = new DeploymentBuilder()
        .withNewMetadata().withName("hello").withNamespace("default").endMetadata()
        .withNewSpec().withReplicas(1)
        .withNewSelector().withMatchLabels(Map.of("app", "hello")).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "hello")).endMetadata()
        .withNewSpec().addNewContainer().withName("hello").withImage("localhost/kubestrap/busybox:1.35.0")
        .endContainer().endSpec().endTemplate()
        .endSpec().build();

    client.apps().deployments().inNamespace("default").resource(hello).create();

    Deployment stored = client.apps().deployments().inNamespace("default").withName("hello").get();
    assertThat(stored.getMetadata().getUid()).isNotBlank();
    assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("localhost/kubestrap/busybox:1.35.0");
  }

  private static boolean ready(Node node) {
    return node.getStatus().getConditions().stream()
        .anyMatch(condition -> condition.getType().equals("Ready") && condition.getStatus().equals("True"));
  }
}
// end::first-test[]
