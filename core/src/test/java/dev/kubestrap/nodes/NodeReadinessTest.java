package dev.kubestrap.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.addons.MockServerLogs;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/** A node is Ready only when it is registered and its Ready condition is True. */
@EnableKubernetesMockClient(crud = true)
class NodeReadinessTest {
  static {
    MockServerLogs.quiet();
  }

  KubernetesMockServer server;
  KubernetesClient client;

  private void node(String name, String ready) {
    NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
    client.nodes().resource((ready == null ? node : node.withNewStatus().addNewCondition().withType("Ready")
        .withStatus(ready).endCondition().endStatus()).build()).create();
  }

  @Test
  void onlyARegisteredNodeWhoseReadyConditionIsTrueIsReady() {
    node("ready", "True");
    node("not-ready", "False");
    node("unknown", "Unknown");
    node("no-status", null);
    NodeDrain nodes = new NodeDrain(client, line -> { });

    assertThat(nodes.isReady("ready")).isTrue();
    assertThat(nodes.isReady("not-ready")).isFalse();
    assertThat(nodes.isReady("unknown")).isFalse();
    assertThat(nodes.isReady("no-status")).isFalse();
    assertThat(nodes.isReady("not-registered")).isFalse();
  }
}
