package dev.kubestrap.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CoreDnsTest {

  @Test
  void serviceHasTheGivenClusterIpAndTheDnsPorts() {
    Service service = find(CoreDns.defaults().serviceIp("10.254.0.2").build(), Service.class);

    assertThat(service.getMetadata().getName()).isEqualTo("kube-dns");
    assertThat(service.getMetadata().getNamespace()).isEqualTo("kube-system");
    assertThat(service.getSpec().getClusterIP()).isEqualTo("10.254.0.2");
    assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort() + "/" + p.getProtocol())
        .containsExactly("dns:53/UDP", "dns-tcp:53/TCP", "metrics:9153/TCP");
    assertThat(service.getSpec().getSelector()).containsEntry("k8s-app", "kube-dns");
  }

  @Test
  void corefileServesTheClusterDomain() {
    CoreDns dns = CoreDns.defaults().serviceIp("10.96.0.10").domain("lab.internal").build();

    String corefile = find(dns, ConfigMap.class).getData().get("Corefile");
    assertThat(corefile).isEqualTo(dns.corefile())
        .contains("    kubernetes lab.internal in-addr.arpa ip6.arpa {\n")
        .contains("    forward . /etc/resolv.conf {\n")
        .doesNotContain("__DNS__");
    assertThat(CoreDns.defaults().serviceIp("10.96.0.10").build().corefile()).contains("kubernetes cluster.local in-addr.arpa");
  }

  @Test
  void imageFollowsTheKubernetesMinor() {
    assertThat(CoreDns.imageFor("1.36")).isEqualTo("registry.k8s.io/coredns/coredns:v1.14.2");
    assertThat(CoreDns.imageFor("v1.35.2")).isEqualTo("registry.k8s.io/coredns/coredns:v1.12.4");
    assertThat(CoreDns.imageFor("1.34.0")).isEqualTo("registry.k8s.io/coredns/coredns:v1.12.1");
    CoreDns dns = CoreDns.defaults().serviceIp("10.254.0.2").kubernetesVersion("1.35.1").build();
    assertThat(find(dns, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.k8s.io/coredns/coredns:v1.12.4");
  }

  @Test
  void imagesAgreeWithImagesTsv() throws IOException {
    String tsv = FlannelTest.reference("images.tsv");
    Matcher line = Pattern.compile("coredns_version per k8s minor: (.*)").matcher(tsv);
    assertThat(line.find()).as("images.tsv names CoreDNS versions per minor").isTrue();
    Map<String, String> perMinor = new LinkedHashMap<>();
    Matcher pair = Pattern.compile("(\\d+\\.\\d+) -> (\\d+\\.\\d+\\.\\d+)").matcher(line.group(1));
    while (pair.find()) {
      perMinor.put(pair.group(1), pair.group(2));
    }

    assertThat(perMinor).hasSize(3);
    perMinor.forEach((minor, version) ->
        assertThat(CoreDns.imageFor(minor)).isEqualTo("registry.k8s.io/coredns/coredns:v" + version));
    assertThat(tsv).contains(CoreDns.IMAGE_REPOSITORY + "\t" + CoreDns.imageFor(CoreDns.DEFAULT_KUBERNETES_VERSION)
        .substring(CoreDns.IMAGE_REPOSITORY.length() + 1));
  }

  @Test
  void refusesAnUnsupportedMinorNamingTheSupportedOnes() {
    assertThatThrownBy(() -> CoreDns.defaults().serviceIp("10.254.0.2").kubernetesVersion("1.18.6").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kubernetesVersion must be one of the supported minors [1.34, 1.35, 1.36]: '1.18.6'");
    assertThatThrownBy(() -> CoreDns.imageFor("latest"))
        .hasMessage("kubernetesVersion must look like 1.36 or 1.36.4: 'latest'");
  }

  @Test
  void objectsFollowTheKubernetesAddonIncludingEndpointSlices() {
    List<HasMetadata> objects = CoreDns.defaults().serviceIp("10.254.0.2").build().objects();

    assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly("ServiceAccount/coredns", "ClusterRole/system:coredns", "ClusterRoleBinding/system:coredns",
            "ConfigMap/coredns", "Deployment/coredns", "Service/kube-dns");
    ClusterRole role = (ClusterRole) objects.get(1);
    assertThat(role.getRules()).anySatisfy(rule -> {
      assertThat(rule.getApiGroups()).containsExactly("discovery.k8s.io");
      assertThat(rule.getResources()).containsExactly("endpointslices");
      assertThat(rule.getVerbs()).containsExactly("list", "watch");
    });
  }

  @Test
  void replicasAndLimitsAreConfigurable() {
    CoreDns dns = CoreDns.defaults().serviceIp("10.254.0.2").replicas(3).memoryLimit("256Mi").build();

    Deployment deployment = find(dns, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
        .get("memory").toString()).isEqualTo("256Mi");
    assertThat(find(CoreDns.defaults().serviceIp("10.254.0.2").build(), Deployment.class).getSpec().getReplicas())
        .isEqualTo(2);
  }

  @Test
  void refusesBadValuesNamingTheField() {
    assertThatThrownBy(() -> CoreDns.defaults().build())
        .hasMessage("serviceIp must be an IP address: 'null'");
    assertThatThrownBy(() -> CoreDns.defaults().serviceIp("10.254.0.256").build())
        .hasMessage("serviceIp must be an IP address: '10.254.0.256'");
    assertThatThrownBy(() -> CoreDns.defaults().serviceIp("10.254.0.2").domain("Cluster.Local.").build())
        .hasMessage("domain must be a lower-case DNS name like cluster.local: 'Cluster.Local.'");
    assertThatThrownBy(() -> CoreDns.defaults().serviceIp("10.254.0.2").replicas(0).build())
        .hasMessage("replicas must be at least 1: 0");
    assertThatThrownBy(() -> CoreDns.defaults().serviceIp("10.254.0.2").memoryLimit("lots").build())
        .hasMessage("memoryLimit must be a Kubernetes quantity like 170Mi: 'lots'");
  }

  static <T extends HasMetadata> T find(Addon addon, Class<T> type) {
    return addon.objects().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }
}
