package dev.kubestrap.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.addons.AddonEvent.Outcome;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class AddonApplierTest {
  static {
    MockServerLogs.quiet();
  }

  KubernetesMockServer server;
  KubernetesClient client;

  private final List<Addon> addons = List.of(
      ClusterRbac.defaults(),
      Flannel.vxlan().network("10.244.0.0/16").build(),
      CoreDns.defaults().serviceIp("10.254.0.2").build());

  @Test
  void createsEveryObjectOfEveryAddon() {
    List<AddonEvent> events = crudApplier(e -> { }).apply(addons);

    assertThat(events).hasSize(15).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.CREATED));
    assertThat(client.rbac().clusterRoleBindings().withName("kubestrap:kube-apiserver-kubelet-client").get()
        .getRoleRef().getName()).isEqualTo("system:kubelet-api-admin");
    assertThat(client.configMaps().inNamespace("kube-flannel").withName("kube-flannel-cfg").get().getData()
        .get("net-conf.json")).contains("\"Network\": \"10.244.0.0/16\"");
    assertThat(client.apps().daemonSets().inNamespace("kube-flannel").withName("kube-flannel-ds").get()).isNotNull();
    assertThat(client.services().inNamespace("kube-system").withName("kube-dns").get().getSpec().getClusterIP())
        .isEqualTo("10.254.0.2");
    assertThat(client.apps().deployments().inNamespace("kube-system").withName("coredns").get().getSpec()
        .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.k8s.io/coredns/coredns:v1.14.2");
  }

  @Test
  void appliesNamespacesIdentitiesRbacAndConfigBeforeWorkloads() {
    List<String> order = new ArrayList<>();
    crudApplier(e -> order.add(e.kind())).apply(addons);

    assertThat(order.get(0)).isEqualTo("Namespace");
    assertThat(order.subList(order.size() - 2, order.size())).containsExactlyInAnyOrder("DaemonSet", "Deployment");
    assertThat(order.lastIndexOf("ServiceAccount")).isLessThan(order.indexOf("ClusterRole"));
    assertThat(order.lastIndexOf("ClusterRoleBinding")).isLessThan(order.indexOf("ConfigMap"));
    assertThat(order.lastIndexOf("ConfigMap")).isLessThan(order.indexOf("DaemonSet"));
  }

  @Test
  void reapplyingChangesNothing() {
    crudApplier(e -> { }).apply(addons);
    Map<String, String> versionsBefore = resourceVersions();

    List<AddonEvent> second = crudApplier(e -> { }).apply(addons);

    assertThat(second).hasSize(15).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.UNCHANGED));
    assertThat(resourceVersions()).isEqualTo(versionsBefore);
  }

  @Test
  void aChangedNetworkUpdatesOnlyTheFlannelConfigMap() {
    crudApplier(e -> { }).apply(addons);

    List<AddonEvent> events = crudApplier(e -> { }).apply(Flannel.vxlan().network("10.32.0.0/12").build());

    assertThat(events).filteredOn(e -> e.outcome() != Outcome.UNCHANGED).extracting(AddonEvent::object)
        .containsExactly("ConfigMap/kube-flannel/kube-flannel-cfg");
    assertThat(client.configMaps().inNamespace("kube-flannel").withName("kube-flannel-cfg").get().getData()
        .get("net-conf.json")).contains("10.32.0.0/12");
  }

  @Test
  void reportsEachObjectToTheListenerAsItIsApplied() {
    List<AddonEvent> heard = new ArrayList<>();
    List<AddonEvent> returned = crudApplier(heard::add).apply(ClusterRbac.defaults());

    assertThat(heard).isEqualTo(returned);
    assertThat(heard).extracting(AddonEvent::toString).containsExactly(
        "cluster-rbac: ClusterRoleBinding/kubestrap:kube-apiserver-kubelet-client created",
        "cluster-rbac: ClusterRoleBinding/kubestrap:cluster-admins created",
        "cluster-rbac: ClusterRoleBinding/kubestrap:kubelet-client-renewal created");
  }

  private AddonApplier crudApplier(AddonListener listener) {
    return AddonApplier.builder(client).mode(ApplyMode.CREATE_OR_UPDATE).listener(listener).build();
  }

  private Map<String, String> resourceVersions() {
    return addons.stream().flatMap(a -> a.objects().stream())
        .map(o -> client.resource(o).get())
        .collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(),
            o -> o.getMetadata().getResourceVersion(), (a, b) -> a + "," + b));
  }
}
