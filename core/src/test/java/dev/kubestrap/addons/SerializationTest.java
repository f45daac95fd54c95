package dev.kubestrap.addons;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** What fabric8 8.0.0 actually writes for the add-on objects, read back with an independent YAML parser. */
class SerializationTest {
  private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();
  private static final ObjectMapper YAML = YAMLMapper.builder().build();

  @Test
  void corefileIsWrittenAsALiteralBlockThatReadsBackUnchanged() {
    CoreDns dns = CoreDns.defaults().serviceIp("10.254.0.2").domain("cluster.local").build();
    String yaml = FABRIC8.asYaml(CoreDnsTest.find(dns, ConfigMap.class));

    assertThat(yaml).contains("Corefile: |\n    .:53 {\n        errors\n")
        .contains("\n        kubernetes cluster.local in-addr.arpa ip6.arpa {\n");
    Map<?, ?> read = YAML.readValue(yaml, Map.class);
    assertThat(((Map<?, ?>) read.get("data")).get("Corefile")).isEqualTo(dns.corefile());
    assertThat(read.get("apiVersion")).isEqualTo("v1");
  }

  @Test
  void netConfJsonReadsBackWithTheNetworkAndBackend() {
    Flannel flannel = Flannel.hostGw().network("10.244.0.0/16").build();
    String yaml = FABRIC8.asYaml(flannel.objects().stream().filter(o -> o instanceof ConfigMap).findFirst().orElseThrow());

    Map<?, ?> data = (Map<?, ?>) YAML.readValue(yaml, Map.class).get("data");
    assertThat(data.get("net-conf.json")).isEqualTo("""
        {
          "Network": "10.244.0.0/16",
          "EnableNFTables": false,
          "Backend": {
            "Type": "host-gw"
          }
        }
        """);
    assertThat(yaml).contains("net-conf.json: |\n    {\n      \"Network\": \"10.244.0.0/16\",\n");
  }

  @Test
  void everyObjectSurvivesARoundTripThroughYaml() {
    List<HasMetadata> objects = new java.util.ArrayList<>();
    objects.addAll(ClusterRbac.defaults().objects());
    objects.addAll(Flannel.vxlan().network("10.244.0.0/16").build().objects());
    objects.addAll(CoreDns.defaults().serviceIp("10.254.0.2").build().objects());
    String yaml = FABRIC8.asYaml(new KubernetesListBuilder().withItems(objects).build());

    io.fabric8.kubernetes.api.model.KubernetesList back = FABRIC8.unmarshal(yaml);
    assertThat(back.getItems()).isEqualTo(objects);
    assertThat(yaml).contains("clusterIP: \"10.254.0.2\"").contains("hostNetwork: true")
        .contains("- apiVersion: \"apps/v1\"\n  kind: \"DaemonSet\"").doesNotContain("PodSecurityPolicy");
  }
}
