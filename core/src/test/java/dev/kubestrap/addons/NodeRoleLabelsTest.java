package dev.kubestrap.addons;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The role label goes on as a merge patch of that label alone, without the node's resourceVersion: right after
 * registration the kubelet updates its node often, and a write that carries the version it read can fail with 409.
 */
@EnableKubernetesMockClient(crud = true)
class NodeRoleLabelsTest {
  static {
    MockServerLogs.quiet();
  }

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void theLabelIsMergedIntoTheNodeKeepingItsOtherLabels() throws InterruptedException {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("master")
        .withLabels(Map.of("kubernetes.io/hostname", "master")).endMetadata().build()).create();

    List<AddonEvent> events = NodeRoleLabels.controlPlane(List.of("master"))
        .apply(client, Duration.ofSeconds(5), event -> { });

    RecordedRequest patch = server.getLastRequest();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getHeader("Content-Type")).startsWith("application/merge-patch+json");
    assertThat(client.nodes().withName("master").get().getMetadata().getLabels())
        .containsEntry("node-role.kubernetes.io/control-plane", "")
        .containsEntry("kubernetes.io/hostname", "master");
    assertThat(events).extracting(AddonEvent::outcome).containsExactly(AddonEvent.Outcome.UPDATED);
  }
}
