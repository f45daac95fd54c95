package dev.kubestrap.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeedEnvironmentTest {

  /** The seed's file, with its comments translated. */
  private static final String SEED = """
      export MASTER_IP=10.1.0.15
      export NODE_IP=10.1.0.16

      #service
      export SERVICE_CIDR="10.254.0.0/16"            #virtual IP range used by Services
      export CLUSTER_KUBERNETES_SVC_IP="10.254.0.1"  #the apiserver's kubernetes Service IP
      export NODE_PORT_RANGE="30000-32767"           #NodePort range

      #for coredns & kubelet
      export CLUSTER_DNS_DOMAIN="cluster.local"      #cluster DNS domain suffix
      export CLUSTER_DNS_SVC_IP="10.254.0.2"         #cluster DNS Service IP

      #pod
      export CLUSTER_CIDR="10.244.0.0/16"            #pod network range

      #ETCD_IPS=(100.64.11.111)
      #NODE_IPS=(100.64.11.111)
      """;

  @Test
  void readsTheSeedsFileIntoTheSeedDefault() {
    ClusterSpec parsed = SeedEnvironment.parse(SEED);
    ClusterSpec seed = ClusterSpec.seedDefault();

    assertThat(parsed.hosts()).isEqualTo(seed.hosts());
    assertThat(parsed.serviceCidr()).isEqualTo(seed.serviceCidr());
    assertThat(parsed.clusterCidr()).isEqualTo(seed.clusterCidr());
    assertThat(parsed.dnsServiceIp()).isEqualTo(seed.dnsServiceIp());
    assertThat(parsed.dnsDomain()).isEqualTo(seed.dnsDomain());
    assertThat(parsed.nodePortRange()).isEqualTo(seed.nodePortRange());
    assertThat(parsed.kubeconfigClusterName()).isEqualTo("kubernetes-the-hard-way");
  }

  @Test
  void takesDefaultsForWhatTheFileLeavesOut() {
    ClusterSpec spec = SeedEnvironment.parse("MASTER_IP=198.18.0.10\nexport NODE_IP='198.18.0.11'\n");

    assertThat(spec.serviceCidr()).hasToString("10.96.0.0/12");
    assertThat(spec.workers()).extracting(HostSpec::ip).containsExactly("198.18.0.11");
  }

  @Test
  void refusesAKubernetesServiceIpThatIsNotTheFirstAddress() {
    assertThatThrownBy(() -> SeedEnvironment.parse(SEED.replace("CLUSTER_KUBERNETES_SVC_IP=\"10.254.0.1\"",
            "CLUSTER_KUBERNETES_SVC_IP=\"10.254.0.5\"")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("CLUSTER_KUBERNETES_SVC_IP")
        .hasMessageContaining("10.254.0.5");
  }

  @Test
  void refusesUnknownVariablesMissingHostsAndGarbage() {
    assertThatThrownBy(() -> SeedEnvironment.parse(SEED + "export MASTR_IP=1.2.3.4\n"))
        .hasMessageContaining("line 18")
        .hasMessageContaining("'MASTR_IP'");
    assertThatThrownBy(() -> SeedEnvironment.parse("export NODE_IP=10.1.0.16\n"))
        .hasMessageContaining("MASTER_IP");
    assertThatThrownBy(() -> SeedEnvironment.parse("MASTER_IP=10.1.0.15\nNODE_IP=10.1.0.16\nrm -rf /\n"))
        .hasMessageContaining("line 3")
        .hasMessageContaining("'rm -rf /'");
    assertThatThrownBy(() -> SeedEnvironment.parse(SEED.replace("10.254.0.2\"", "10.255.0.2\"")))
        .hasMessageContaining("dnsServiceIp")
        .hasMessageContaining("10.255.0.2");
  }
}
