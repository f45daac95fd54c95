package dev.kubestrap.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.addons.MockServerLogs;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Cordon and uncordon send a merge patch without the node's resourceVersion: a node that its kubelet or a controller
 * updates between the read and the write must not fail the operation with 409 Conflict (a host removal did, right
 * after the node joined).
 */
@EnableKubernetesMockClient(crud = true)
class NodeCordonTest {
  static {
    MockServerLogs.quiet();
  }

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void cordonAndUncordonPatchTheFieldWithoutTheVersionTheyRead() throws InterruptedException {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker2").endMetadata().build()).create();
    NodeDrain nodes = new NodeDrain(client, line -> { });

    nodes.cordon("worker2");

    RecordedRequest cordon = server.getLastRequest();
    assertThat(cordon.getMethod()).isEqualTo("PATCH");
    assertThat(cordon.getHeader("Content-Type")).startsWith("application/merge-patch+json");
    assertThat(client.nodes().withName("worker2").get().getSpec().getUnschedulable()).isTrue();

    nodes.uncordon("worker2");

    RecordedRequest uncordon = server.getLastRequest();
    assertThat(uncordon.getMethod()).isEqualTo("PATCH");
    assertThat(uncordon.getHeader("Content-Type")).startsWith("application/merge-patch+json");
    assertThat(client.nodes().withName("worker2").get().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
  }
}
