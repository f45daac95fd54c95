package dev.kubestrap.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.addons.MockServerLogs;
import dev.kubestrap.verify.internal.OwnedPod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scripted API responses (expectations mode): errors and objects a CRUD store cannot produce. */
@EnableKubernetesMockClient
class ApiErrorsTest {
  static {
    MockServerLogs.quiet();
  }

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void anApiServerThatKeepsFailingIsTheLastStateNotACrash() {
    server.expect().get().withPath("/api/v1/nodes/node")
        .andReturn(503, new StatusBuilder().withCode(503).withMessage("etcd leader changed").build()).always();

    assertThatThrownBy(() -> ClusterVerifier.builder(client).pollInterval(Duration.ofMillis(25))
        .checks(new NodesReadyCheck(List.of("node"), 1)).build().verify(Duration.ofMillis(300)))
        .isInstanceOfSatisfying(VerificationTimeoutException.class,
            e -> assertThat(e.lastState()).startsWith("API error: HTTP 503: ").contains("etcd leader changed"));
  }

  @Test
  void anApiServerThatIsNotReadyNamesItsFailingChecks() {
    server.expect().get().withPath("/readyz")
        .andReturn(500, "[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n").always();

    assertThatThrownBy(() -> ClusterVerifier.builder(client).pollInterval(Duration.ofMillis(25))
        .checks(new ApiServerReadyCheck(1)).build().verify(Duration.ofMillis(300)))
        .isInstanceOfSatisfying(VerificationTimeoutException.class, e -> {
          assertThat(e.waitedFor()).isEqualTo("the API server to be ready (/readyz)");
          assertThat(e.lastState()).startsWith("/readyz answered HTTP 500: ").contains("[-]etcd failed");
        });
  }

  @Test
  void aReadyApiServerPasses() throws InterruptedException {
    server.expect().get().withPath("/readyz").andReturn(200, "ok").always();

    ClusterVerifier.builder(client).checks(new ApiServerReadyCheck(1)).build().verify(Duration.ofSeconds(5));

    assertThat(server.getLastRequest().getPath()).isEqualTo("/readyz");
  }

  @Test
  void aCheckPodStillTerminatingFromAnEarlierRunIsWaitedFor() {
    var pod = new SmokePodCheck("default", "nginx", "docker.io/library/nginx:1.27", 1).pod();
    server.expect().get().withPath("/api/v1/namespaces/default/pods/nginx")
        .andReturn(200, new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata()
            .build())
        .always();

    OwnedPod.Observed observed = new OwnedPod(pod).observe(client);

    assertThat(observed.pod()).isNull();
    assertThat(observed.detail()).isEqualTo("earlier pod default/nginx still terminating");
  }
}
