package dev.kubestrap.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FlannelTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void vxlanIsTheDefaultBackendAndTheNetworkIsTheClusterCidr() {
    Flannel flannel = Flannel.vxlan().network("10.244.0.0/16").build();

    JsonNode netConf = JSON.readTree(configMap(flannel).getData().get("net-conf.json"));
    assertThat(netConf.get("Network").asString()).isEqualTo("10.244.0.0/16");
    assertThat(netConf.get("Backend").get("Type").asString()).isEqualTo("vxlan");
    assertThat(Flannel.builder().network("10.244.0.0/16").build().backend()).isEqualTo(FlannelBackend.VXLAN);
  }

  @Test
  void hostGwWritesItsBackendType() {
    Flannel flannel = Flannel.hostGw().network("172.30.0.0/16").build();

    JsonNode netConf = JSON.readTree(configMap(flannel).getData().get("net-conf.json"));
    assertThat(netConf.get("Backend").get("Type").asString()).isEqualTo("host-gw");
    assertThat(netConf.get("Network").asString()).isEqualTo("172.30.0.0/16");
  }

  @Test
  void objectsMatchTheUpstreamManifestWithoutPodSecurityPolicy() {
    List<HasMetadata> objects = Flannel.vxlan().network("10.244.0.0/16").build().objects();

    assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly("Namespace/kube-flannel", "ClusterRole/flannel", "ClusterRoleBinding/flannel",
            "ServiceAccount/flannel", "ConfigMap/kube-flannel-cfg", "DaemonSet/kube-flannel-ds");
    assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("PodSecurityPolicy");
    assertThat(objects).filteredOn(o -> !o.getKind().startsWith("Cluster") && !o.getKind().equals("Namespace"))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("kube-flannel"));
    assertThat(objects.get(0).getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "privileged");
  }

  @Test
  void daemonSetRunsOnTheHostNetworkWithTheCniMountsAndUpstreamImages() {
    PodSpec pod = daemonSet(Flannel.vxlan().network("10.244.0.0/16").build()).getSpec().getTemplate().getSpec();

    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getServiceAccountName()).isEqualTo("flannel");
    assertThat(pod.getTolerations()).singleElement()
        .satisfies(t -> assertThat(t.getOperator() + "/" + t.getEffect()).isEqualTo("Exists/NoSchedule"));
    assertThat(pod.getInitContainers()).extracting(Container::getImage)
        .containsExactly("ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3", "ghcr.io/flannel-io/flannel:v0.28.9");
    Container flanneld = pod.getContainers().get(0);
    assertThat(flanneld.getImage()).isEqualTo("ghcr.io/flannel-io/flannel:v0.28.9");
    assertThat(flanneld.getArgs()).contains("--ip-masq", "--kube-subnet-mgr");
    assertThat(flanneld.getSecurityContext().getPrivileged()).isFalse();
    assertThat(flanneld.getSecurityContext().getCapabilities().getAdd()).containsExactly("NET_ADMIN", "NET_RAW");
    assertThat(flanneld.getVolumeMounts()).extracting(m -> m.getMountPath())
        .containsExactly("/run/flannel", "/etc/kube-flannel/", "/run/xtables.lock");
    assertThat(hostPaths(pod)).containsEntry("run", "/run/flannel").containsEntry("cni-plugin", "/opt/cni/bin")
        .containsEntry("cni", "/etc/cni/net.d").containsEntry("xtables-lock", "/run/xtables.lock");
  }

  /** Left to itself flanneld takes the default route's interface, wrong on a host with several. */
  @Test
  void flannelUsesTheInterfaceOfTheNodesRegisteredAddressNotTheDefaultRoutes() {
    Container flanneld = daemonSet(Flannel.vxlan().network("10.244.0.0/16").build()).getSpec().getTemplate().getSpec()
        .getContainers().get(0);

    assertThat(flanneld.getArgs()).contains("--iface=$(NODE_IP)");
    assertThat(flanneld.getEnv()).filteredOn(env -> env.getName().equals("NODE_IP")).singleElement()
        .satisfies(env -> assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.hostIP"));
  }

  @Test
  void cniDirectoriesFollowTheHostLayout() {
    Flannel flannel = Flannel.vxlan().network("10.244.0.0/16").cniBinDir("/opt/kubestrap/cni/bin")
        .cniConfDir("/etc/kubestrap/cni").build();

    assertThat(hostPaths(daemonSet(flannel).getSpec().getTemplate().getSpec()))
        .containsEntry("cni-plugin", "/opt/kubestrap/cni/bin").containsEntry("cni", "/etc/kubestrap/cni");
  }

  @Test
  void defaultImagesAreTheOnesRecordedInTheReferenceFacts() throws IOException {
    String facts = reference("addons-facts.md");

    assertThat(facts).contains("image ghcr.io/flannel-io/flannel:v0.28.9")
        .contains("image " + Flannel.DEFAULT_CNI_PLUGIN_IMAGE);
    assertThat(facts).contains("image " + Flannel.DEFAULT_IMAGE);
  }

  @Test
  void cniConfIsTheUpstreamConflist() {
    JsonNode conf = JSON.readTree(Flannel.vxlan().network("10.244.0.0/16").build().cniConfJson());

    assertThat(conf.get("name").asString()).isEqualTo("cbr0");
    assertThat(conf.get("plugins").get(0).get("type").asString()).isEqualTo("flannel");
    assertThat(conf.get("plugins").get(0).get("delegate").get("hairpinMode").asBoolean()).isTrue();
    assertThat(conf.get("plugins").get(1).get("capabilities").get("portMappings").asBoolean()).isTrue();
  }

  @Test
  void refusesAMissingOrMalformedNetwork() {
    assertThatThrownBy(() -> Flannel.vxlan().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("network must be a CIDR block like 10.244.0.0/16: 'null'");
    assertThatThrownBy(() -> Flannel.vxlan().network("10.244.0.0").build())
        .hasMessage("network must be a CIDR block like 10.244.0.0/16: '10.244.0.0'");
    assertThatThrownBy(() -> Flannel.vxlan().network("10.244.0.0/33").build())
        .hasMessageContaining("'10.244.0.0/33'");
    assertThatThrownBy(() -> Flannel.vxlan().network("example.com/16").build())
        .hasMessageContaining("'example.com/16'");
    assertThat(Flannel.vxlan().network("fd00:10:244::/56").build().network()).isEqualTo("fd00:10:244::/56");
  }

  @Test
  void refusesARelativeCniDirectory() {
    assertThatThrownBy(() -> Flannel.vxlan().network("10.244.0.0/16").cniBinDir("opt/cni/bin").build())
        .hasMessage("cniBinDir must be an absolute path: 'opt/cni/bin'");
  }

  static String reference(String name) throws IOException {
    try (InputStream in = FlannelTest.class.getResourceAsStream("/dev/kubestrap/reference/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static ConfigMap configMap(Flannel flannel) {
    return (ConfigMap) flannel.objects().stream().filter(o -> o instanceof ConfigMap).findFirst().orElseThrow();
  }

  private static DaemonSet daemonSet(Flannel flannel) {
    return (DaemonSet) flannel.objects().stream().filter(o -> o instanceof DaemonSet).findFirst().orElseThrow();
  }

  private static Map<String, String> hostPaths(PodSpec pod) {
    return pod.getVolumes().stream().filter(v -> v.getHostPath() != null)
        .collect(java.util.stream.Collectors.toMap(Volume::getName, v -> v.getHostPath().getPath()));
  }
}
