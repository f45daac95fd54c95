package dev.kubestrap.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.component.config.KubeletConfiguration;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.spec.ApiEndpoint;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.Role;
import dev.kubestrap.spec.SwapPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ComponentInstallTest {

  private static ClusterSpec spec;
  private static ClusterSecrets secrets;

  @BeforeAll
  static void issue() {
    spec = ClusterSpec.builder()
        .addHost("cp-1", "198.18.0.10", Role.CONTROL_PLANE, Role.WORKER)
        .addHost("cp-2", "198.18.0.11", Role.CONTROL_PLANE)
        .addHost("etcd-1", "198.18.0.12", Role.ETCD)
        .addHost("etcd-2", "198.18.0.13", Role.ETCD)
        .addHost("etcd-3", "198.18.0.14", Role.ETCD)
        .addHost("w-1", "198.18.0.20", Role.WORKER)
        .build();
    ClusterCertificates pki = spec.pkiFacts().build().issue();
    secrets = new ClusterSecrets(pki, EncryptionKey.of(new byte[32]));
  }

  @Test
  void eachHostGetsTheComponentsOfItsRoles() {
    assertThat(names("cp-1")).containsExactly(ComponentName.KUBE_APISERVER, ComponentName.KUBE_CONTROLLER_MANAGER,
        ComponentName.KUBE_SCHEDULER, ComponentName.KUBE_APISERVER_LB, ComponentName.CONTAINERD,
        ComponentName.KUBELET, ComponentName.KUBE_PROXY);
    assertThat(names("cp-2")).as("control-plane hosts are nodes by default").containsExactly(
        ComponentName.KUBE_APISERVER, ComponentName.KUBE_CONTROLLER_MANAGER, ComponentName.KUBE_SCHEDULER,
        ComponentName.KUBE_APISERVER_LB, ComponentName.CONTAINERD, ComponentName.KUBELET, ComponentName.KUBE_PROXY);
    assertThat(names("etcd-2")).as("no kubelet, so no load balancer").containsExactly(ComponentName.ETCD);
    assertThat(names("w-1")).containsExactly(ComponentName.KUBE_APISERVER_LB, ComponentName.CONTAINERD,
        ComponentName.KUBELET, ComponentName.KUBE_PROXY);
  }

  @Test
  void withOneControlPlaneHostNodesTalkToItDirectlyAndNoLoadBalancerRuns() {
    ClusterSpec single = ClusterSpec.seedDefault();
    assertThat(single.apiEndpoint()).isEqualTo(ApiEndpoint.controlPlaneHost());
    for (HostSpec host : single.hosts()) {
      assertThat(Components.on(single, host)).extracting(Component::name)
          .doesNotContain(ComponentName.KUBE_APISERVER_LB);
    }
  }

  @Test
  void withSeveralControlPlaneHostsEveryNodeReachesTheApiThroughItsOwnLoadBalancer() {
    assertThat(spec.apiEndpoint()).isEqualTo(ApiEndpoint.nodeLocal());
    ComponentInstall kubelet = new Kubelet(spec).install(spec.host("w-1"), secrets);
    assertThat(kubelet.file(Path.of("/opt/kubelet/kubelet.kubeconfig")).text())
        .contains("server: https://127.0.0.1:7443");
    ComponentInstall proxy = new KubeProxy(spec).install(spec.host("cp-1"), secrets);
    assertThat(proxy.file(Path.of("/opt/kube-proxy/kube-proxy.kubeconfig")).text())
        .contains("server: https://127.0.0.1:7443");
    String haproxy = new ApiServerLoadBalancer(spec).install(spec.host("w-1"), secrets)
        .file(Path.of("/opt/kube-apiserver-lb/haproxy.cfg")).text();
    assertThat(haproxy).contains("bind 127.0.0.1:7443", "server cp-1 198.18.0.10:6443", "server cp-2 198.18.0.11:6443",
        "option httpchk GET /readyz", "verify required ca-file /opt/kube-apiserver-lb/ca.pem")
        .doesNotContain("198.18.0.12");
    ComponentInstall controllerManager = new KubeControllerManager(spec).install(spec.host("cp-2"), secrets);
    assertThat(controllerManager.file(Path.of("/opt/kube-controller-manager/kube-controller-manager.kubeconfig"))
        .text()).as("the skew policy: never an older apiserver, so its own").contains("server: https://198.18.0.11:6443");
  }

  @Test
  void aGivenLoadBalancerIsInEveryKubeconfigAndEveryApiServerCertificate() {
    ClusterSpec balanced = spec.toBuilder().apiEndpoint(ApiEndpoint.loadBalancer("k8s.lab.test", 443)).build();
    ClusterSecrets balancedSecrets = new ClusterSecrets(balanced.pkiFacts().build().issue(), EncryptionKey.of(new byte[32]));
    assertThat(balanced.apiServerUrl()).hasToString("https://k8s.lab.test:443");
    assertThat(new Kubelet(balanced).install(balanced.host("w-1"), balancedSecrets)
        .file(Path.of("/opt/kubelet/kubelet.kubeconfig")).text()).contains("server: https://k8s.lab.test:443");
    for (HostSpec controlPlane : balanced.controlPlaneHosts()) {
      assertThat(balancedSecrets.certificates().apiServer(controlPlane.name()).dnsNames()).contains("k8s.lab.test");
    }
    assertThat(Components.on(balanced, balanced.host("w-1"))).extracting(Component::name)
        .doesNotContain(ComponentName.KUBE_APISERVER_LB);
  }

  private static List<ComponentName> names(String host) {
    return Components.install(spec, spec.host(host), secrets).stream().map(ComponentInstall::component).toList();
  }

  @Test
  void externalEtcdMembersFormOneClusterTheApiServerReachesOverAllMembers() {
    ComponentInstall etcd = new Etcd(spec).install(spec.host("etcd-2"), secrets);

    assertThat(etcd.unit().execStart()).contains("--listen-peer-urls=https://198.18.0.13:2380")
        .noneMatch(argument -> argument.startsWith("--initial-cluster="));
    Etcd member = new Etcd(spec);
    assertThat(member.bootstrapEnvironment(member.initialCluster(spec.etcdMembers()), false)).containsExactly(
        Map.entry("ETCD_INITIAL_CLUSTER",
            "etcd-1=https://198.18.0.12:2380,etcd-2=https://198.18.0.13:2380,etcd-3=https://198.18.0.14:2380"),
        Map.entry("ETCD_INITIAL_CLUSTER_STATE", "new"));
    assertThat(etcd.unit().value("Service", "EnvironmentFile")).hasValue("-/opt/etcd/etcd-bootstrap.env");
    ComponentInstall apiServer = new KubeApiServer(spec).install(spec.host("cp-2"), secrets);
    assertThat(apiServer.unit().execStart()).contains(
        "--etcd-servers=https://198.18.0.12:2379,https://198.18.0.13:2379,https://198.18.0.14:2379");
    assertThat(apiServer.unit().values("Unit", "After")).doesNotContain("etcd.service");
  }

  @Test
  void aStackedApiServerTalksToItsOwnEtcdMemberSoMembershipChangesLeaveItsFlagsAlone() {
    ClusterSpec stacked = ClusterSpec.builder()
        .addHost("cp-1", "198.18.0.10", Role.CONTROL_PLANE).addHost("cp-2", "198.18.0.11", Role.CONTROL_PLANE)
        .addHost("cp-3", "198.18.0.12", Role.CONTROL_PLANE).build();
    ClusterSecrets stackedSecrets = new ClusterSecrets(stacked.pkiFacts().build().issue(), EncryptionKey.of(new byte[32]));

    assertThat(new KubeApiServer(stacked).install(stacked.host("cp-2"), stackedSecrets).unit().execStart())
        .contains("--etcd-servers=https://127.0.0.1:2379");
  }

  @Test
  void keysAndKubeconfigsAre0600AndEverythingElseIsReadable() {
    for (HostSpec host : spec.hosts()) {
      for (ComponentInstall install : Components.install(spec, host, secrets)) {
        for (PlacedFile file : install.filesWithUnit()) {
          String name = file.path().getFileName().toString();
          boolean secret = name.endsWith("-key.pem") || name.endsWith(".kubeconfig")
              || name.equals("encryption-config.yaml");
          assertThat(file.mode()).as(file.toString()).isEqualTo(secret ? 0600 : 0644);
          assertThat(file.text().contains("PRIVATE KEY")).as(file + " holds a private key").isEqualTo(
              name.endsWith("-key.pem"));
        }
      }
    }
  }

  @Test
  void theClusterCaKeyStaysOnControlPlaneHosts() {
    for (HostSpec host : spec.hosts()) {
      boolean hasCaKey = Components.install(spec, host, secrets).stream()
          .flatMap(i -> i.files().stream())
          .anyMatch(f -> f.text().equals(secrets.certificates().ca().privateKeyPem()));
      assertThat(hasCaKey).as(host.name()).isEqualTo(host.has(Role.CONTROL_PLANE));
    }
  }

  @Test
  void toStringsShowNoKeyMaterial() {
    ComponentInstall apiServer = new KubeApiServer(spec).install(spec.host("cp-1"), secrets);
    PlacedFile key = apiServer.file(Path.of("/opt/kube-apiserver/kube-apiserver-key.pem"));

    assertThat(key.toString()).isEqualTo("PlacedFile[/opt/kube-apiserver/kube-apiserver-key.pem, 0600, "
        + key.content().length + " bytes]");
    assertThat(apiServer.toString()).doesNotContain("PRIVATE");
    assertThat(secrets.toString()).doesNotContain("PRIVATE").contains("redacted");
  }

  @Test
  void withoutControlPlaneNodesAControlPlaneHostRunsNoNodeComponents() {
    ClusterSpec apart = spec.toBuilder().controlPlaneNodes(false).build();

    assertThat(Components.install(apart, apart.host("cp-2"), secrets)).extracting(ComponentInstall::component)
        .containsExactly(ComponentName.KUBE_APISERVER, ComponentName.KUBE_CONTROLLER_MANAGER,
            ComponentName.KUBE_SCHEDULER);
    assertThat(Components.install(apart, apart.host("cp-1"), secrets)).extracting(ComponentInstall::component)
        .as("cp-1 is also a worker").contains(ComponentName.KUBELET);
  }

  @Test
  void aControlPlaneNodeRegistersWithTheControlPlaneTaintAndAWorkerWithout() {
    assertThat(new Kubelet(spec).configuration(spec.host("cp-2")).registerWithTaints())
        .containsExactly(new KubeletConfiguration.Taint(ClusterSpec.CONTROL_PLANE_TAINT, "NoSchedule"));
    assertThat(new Kubelet(spec).configuration(spec.host("cp-1")).registerWithTaints()).as("also a worker").isNull();
    assertThat(new Kubelet(spec).configuration(spec.host("w-1")).registerWithTaints()).isNull();
  }

  @Test
  void swapIsTurnedOffByDefaultAndAKeptSwapGivesPodsNone() {
    KubeletConfiguration strict = new Kubelet(spec).configuration(spec.host("w-1"));
    assertThat(strict.failSwapOn()).as("kubelet's own default: true").isNull();
    assertThat(strict.memorySwap()).isNull();

    ClusterSpec keeping = spec.toBuilder().swap(SwapPolicy.KEEP).build();
    KubeletConfiguration beside = new Kubelet(keeping).configuration(keeping.host("w-1"));
    assertThat(beside.failSwapOn()).isFalse();
    assertThat(beside.memorySwap().swapBehavior()).isEqualTo("NoSwap");
  }

  @Test
  void refusesAHostTheComponentDoesNotRunOn() {
    assertThatThrownBy(() -> new Kubelet(spec).install(spec.host("etcd-2"), secrets))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("kubelet does not run on host 'etcd-2'");
    assertThatThrownBy(() -> new Etcd(spec).install(HostSpec.of("stranger", "198.18.0.99", Role.ETCD), secrets))
        .hasMessageContaining("stranger");
    assertThatThrownBy(() -> new Containerd(spec).install(spec.host("etcd-1"), secrets))
        .hasMessageContaining("containerd does not run on host 'etcd-1'");
  }

  @Test
  void placedPathsMustBeAbsolute() {
    assertThatThrownBy(() -> PlacedFile.publicFile(Path.of("etc/x"), "x")).hasMessageContaining("'etc/x'");
    assertThatThrownBy(() -> new PlacedDirectory(Path.of("opt"), 0755)).hasMessageContaining("'opt'");
  }
}
