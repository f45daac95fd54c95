package dev.kubestrap.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.addons.AddonEvent.Outcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-side apply against the mock server in expectations mode, which records each request. */
@EnableKubernetesMockClient
class ServerSideApplyTest {
  private static final String PATH = "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kubestrap:cluster-admins";

  static {
    MockServerLogs.quiet();
  }

  KubernetesMockServer server;
  KubernetesClient client;

  private final Addon adminBinding = new Addon() {
    @Override
    public String name() {
      return "admins";
    }

    @Override
    public List<HasMetadata> objects() {
      return List.of(ClusterRbac.defaults().objects().get(1));
    }
  };

  @Test
  void sendsAnApplyPatchWithTheKubestrapFieldManagerForcingConflicts() throws Exception {
    server.expect().get().withPath(PATH).andReturn(404, notFound()).once();
    server.expect().patch().withPath(PATH + "?fieldManager=kubestrap&force=true").andReturn(200, live("1")).once();

    List<AddonEvent> events = AddonApplier.builder(client).build().apply(adminBinding);

    assertThat(events).extracting(AddonEvent::outcome).containsExactly(Outcome.CREATED);
    server.takeRequest();
    RecordedRequest patch = server.takeRequest();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getPath()).isEqualTo(PATH + "?fieldManager=kubestrap&force=true");
    assertThat(patch.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    assertThat(patch.getBody().readUtf8()).contains("kubestrap:cluster-admins").contains("cluster-admin");
  }

  @Test
  void anApplyThatKeepsTheResourceVersionIsUnchanged() {
    server.expect().get().withPath(PATH).andReturn(200, live("7")).once();
    server.expect().patch().withPath(PATH + "?fieldManager=kubestrap&force=true").andReturn(200, live("7")).once();

    assertThat(AddonApplier.builder(client).build().apply(adminBinding))
        .extracting(AddonEvent::outcome).containsExactly(Outcome.UNCHANGED);
  }

  @Test
  void anApplyThatMovesTheResourceVersionIsAnUpdate() {
    server.expect().get().withPath(PATH).andReturn(200, live("7")).once();
    server.expect().patch().withPath(PATH + "?fieldManager=ops&force=true").andReturn(200, live("8")).once();

    assertThat(AddonApplier.builder(client).fieldManager("ops").build().apply(adminBinding))
        .extracting(AddonEvent::outcome).containsExactly(Outcome.UPDATED);
  }

  @Test
  void aRefusedObjectNamesTheAddonTheObjectAndTheServersReason() {
    server.expect().get().withPath(PATH).andReturn(404, notFound()).once();
    server.expect().patch().withPath(PATH + "?fieldManager=kubestrap&force=true")
        .andReturn(403, new StatusBuilder().withCode(403).withStatus("Failure").withReason("Forbidden")
            .withMessage("clusterrolebindings.rbac.authorization.k8s.io is forbidden").build())
        .once();

    assertThatThrownBy(() -> AddonApplier.builder(client).build().apply(adminBinding))
        .isInstanceOf(AddonApplyException.class)
        .hasMessage("apply of ClusterRoleBinding/kubestrap:cluster-admins (addon admins) failed: HTTP 403: "
            + "clusterrolebindings.rbac.authorization.k8s.io is forbidden")
        .satisfies(e -> assertThat(((AddonApplyException) e).object()).isEqualTo("ClusterRoleBinding/kubestrap:cluster-admins"));
  }

  private static ClusterRoleBinding live(String resourceVersion) {
    return new ClusterRoleBindingBuilder((ClusterRoleBinding) ClusterRbac.defaults().objects().get(1))
        .editMetadata().withResourceVersion(resourceVersion).endMetadata().build();
  }

  private static Object notFound() {
    return new StatusBuilder().withCode(404).withStatus("Failure").withReason("NotFound").build();
  }
}
