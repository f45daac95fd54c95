package dev.kubestrap.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.component.Layout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClusterSpecTest {

  private static ClusterSpec.Builder oneHost() {
    return ClusterSpec.builder().addHost("cp-1", "198.18.0.10", Role.CONTROL_PLANE, Role.WORKER);
  }

  @Test
  void appliesTheDocumentedDefaults() {
    ClusterSpec spec = oneHost().build();

    assertThat(spec.name()).isEqualTo("kubernetes");
    assertThat(spec.kubernetesVersion()).hasToString("1.36.0");
    assertThat(spec.etcdVersion()).hasToString("3.6.14");
    assertThat(spec.containerdVersion()).hasToString("2.3.4");
    assertThat(spec.crictlVersion()).hasToString("1.36.0");
    assertThat(spec.serviceCidr()).hasToString("10.96.0.0/12");
    assertThat(spec.clusterCidr()).hasToString("10.244.0.0/16");
    assertThat(spec.nodePortRange()).hasToString("30000-32767");
    assertThat(spec.dnsDomain()).isEqualTo("cluster.local");
    assertThat(spec.dnsServiceIp().getHostAddress()).isEqualTo("10.96.0.10");
    assertThat(spec.kubernetesServiceIp().getHostAddress()).isEqualTo("10.96.0.1");
    assertThat(spec.apiServerPort()).isEqualTo(6443);
    assertThat(spec.apiServerUrl()).hasToString("https://198.18.0.10:6443");
    assertThat(spec.layout()).isEqualTo(Layout.seed());
    assertThat(spec.proxyMode()).isEqualTo(ProxyMode.IPTABLES);
    assertThat(spec.auditLogging()).isTrue();
    assertThat(spec.encryptionProvider()).isEqualTo(EncryptionProvider.SECRETBOX);
    assertThat(spec.kubeconfigClusterName()).isEqualTo("kubernetes");
    assertThat(spec.kubeconfigContextName()).isEqualTo("default");
    assertThat(spec.etcdMembers()).extracting(HostSpec::name).containsExactly("cp-1");
  }

  @Test
  void kubernetes134DefaultsToEtcd35() {
    ClusterSpec spec = oneHost().kubernetesVersion("v1.34.2").build();

    assertThat(spec.kubernetesMinor()).isEqualTo("1.34");
    assertThat(spec.etcdVersion()).hasToString("3.5.33");
    assertThat(spec.crictlVersion()).hasToString("1.34.0");
  }

  @Test
  void etcdMembersAreTheEtcdHostsWhenNamed() {
    ClusterSpec spec = ClusterSpec.builder()
        .addHost("cp-1", "198.18.0.10", Role.CONTROL_PLANE)
        .addHost("etcd-1", "198.18.0.11", Role.ETCD)
        .addHost("w-1", "198.18.0.12", Role.WORKER)
        .build();

    assertThat(spec.etcdMembers()).extracting(HostSpec::name).containsExactly("etcd-1");
    assertThat(spec.workers()).extracting(HostSpec::name).containsExactly("w-1");
  }

  @Test
  void seedDefaultIsTheSeedsTwoNodeCluster() {
    ClusterSpec seed = ClusterSpec.seedDefault();

    assertThat(seed.hosts()).extracting(HostSpec::ip).containsExactly("10.1.0.15", "10.1.0.16");
    assertThat(seed.controlPlaneHosts()).extracting(HostSpec::name).containsExactly("10.1.0.15");
    assertThat(seed.workers()).extracting(HostSpec::name).containsExactly("10.1.0.16");
    assertThat(seed.serviceCidr()).hasToString("10.254.0.0/16");
    assertThat(seed.kubernetesServiceIp().getHostAddress()).isEqualTo("10.254.0.1");
    assertThat(seed.dnsServiceIp().getHostAddress()).isEqualTo("10.254.0.2");
    assertThat(seed.clusterCidr()).hasToString("10.244.0.0/16");
    assertThat(seed.kubeconfigClusterName()).isEqualTo("kubernetes-the-hard-way");
    assertThat(seed.kubeconfigContextName()).isEqualTo("default");
    assertThat(seed.encryptionProvider()).isEqualTo(EncryptionProvider.AESCBC);
  }

  @Test
  void flagOverridesAreNormalizedAndKept() {
    ClusterSpec spec = oneHost()
        .extraFlag(ComponentName.KUBE_APISERVER, "v", "4")
        .extraFlag(ComponentName.ETCD, "--quota-backend-bytes", "8589934592")
        .build();

    assertThat(spec.extraFlags(ComponentName.KUBE_APISERVER)).containsEntry("--v", "4");
    assertThat(spec.extraFlags(ComponentName.ETCD)).containsEntry("--quota-backend-bytes", "8589934592");
    assertThat(spec.extraFlags(ComponentName.KUBELET)).isEmpty();
  }

  @Test
  void toBuilderRebuildsAnEqualDescription() {
    ClusterSpec seed = ClusterSpec.seedBuilder().extraFlag(ComponentName.KUBELET, "--v", "3").build();
    ClusterSpec copy = seed.toBuilder().build();

    assertThat(copy.hosts()).isEqualTo(seed.hosts());
    assertThat(copy.dnsServiceIp()).isEqualTo(seed.dnsServiceIp());
    assertThat(copy.extraFlags(ComponentName.KUBELET)).isEqualTo(seed.extraFlags(ComponentName.KUBELET));
    assertThat(copy.kubeconfigClusterName()).isEqualTo("kubernetes-the-hard-way");
  }

  @Test
  void refusesAnUnsupportedKubernetesVersion() {
    assertThatThrownBy(() -> oneHost().kubernetesVersion("1.33.5").build())
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("kubernetesVersion")
        .hasMessageContaining("1.33.5");
    assertThatThrownBy(() -> oneHost().kubernetesVersion("latest").build())
        .hasMessageContaining("kubernetesVersion")
        .hasMessageContaining("'latest'");
  }

  @Test
  void refusesAFlagOverrideTheComponentDoesNotKnow() {
    assertThatThrownBy(() -> oneHost().extraFlag(ComponentName.KUBE_APISERVER, "--no-such-flag", "1").build())
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("extraFlags[kube-apiserver]")
        .hasMessageContaining("--no-such-flag")
        .hasMessageContaining("Kubernetes 1.36");
    assertThatThrownBy(() -> oneHost().etcdVersion("3.4.23").extraFlag(ComponentName.ETCD, "--feature-gates", "x=true").build())
        .hasMessageContaining("extraFlags[etcd]")
        .hasMessageContaining("--feature-gates")
        .hasMessageContaining("etcd 3.4");
    assertThatThrownBy(() -> oneHost().extraFlag(ComponentName.CONTAINERD, "--log-level", "debug").build())
        .hasMessageContaining("extraFlags[containerd]")
        .hasMessageContaining("--log-level");
  }

  @Test
  void refusesADeprecatedFlagOverrideAndSaysWhereItBelongs() {
    assertThatThrownBy(() -> oneHost().extraFlag(ComponentName.KUBELET, "--cluster-dns", "10.96.0.10").build())
        .hasMessageContaining("extraFlags[kubelet]")
        .hasMessageContaining("deprecated")
        .hasMessageContaining("--cluster-dns")
        .hasMessageContaining("KubeletConfiguration");
  }

  @Test
  void refusesOverlappingServiceAndClusterCidrs() {
    assertThatThrownBy(() -> oneHost().serviceCidr("10.244.0.0/20").build())
        .hasMessageContaining("serviceCidr '10.244.0.0/20'")
        .hasMessageContaining("clusterCidr '10.244.0.0/16'");
  }

  @Test
  void refusesAServiceCidrContainingAHostAddress() {
    assertThatThrownBy(() -> oneHost().serviceCidr("198.18.0.0/24").build())
        .hasMessageContaining("serviceCidr '198.18.0.0/24'")
        .hasMessageContaining("cp-1")
        .hasMessageContaining("198.18.0.10");
  }

  @Test
  void refusesADnsServiceIpOutsideTheServiceCidr() {
    assertThatThrownBy(() -> oneHost().dnsServiceIp("10.254.0.2").build())
        .hasMessageContaining("dnsServiceIp")
        .hasMessageContaining("10.254.0.2")
        .hasMessageContaining("10.96.0.0/12");
    assertThatThrownBy(() -> oneHost().dnsServiceIp("10.96.0.1").build())
        .hasMessageContaining("dnsServiceIp")
        .hasMessageContaining("10.96.0.1");
  }

  @Test
  void refusesANodePortRangeOutOfOrderOrOutOfBounds() {
    assertThatThrownBy(() -> oneHost().nodePortRange("32767-30000").build())
        .hasMessageContaining("nodePortRange")
        .hasMessageContaining("32767-30000");
    assertThatThrownBy(() -> oneHost().nodePortRange("0-100").build())
        .hasMessageContaining("nodePortRange")
        .hasMessageContaining("0-100");
    assertThatThrownBy(() -> oneHost().nodePortRange("30000-70000").build())
        .hasMessageContaining("nodePortRange")
        .hasMessageContaining("30000-70000");
    assertThatThrownBy(() -> oneHost().nodePortRange("30000").build())
        .hasMessageContaining("nodePortRange")
        .hasMessageContaining("'30000'");
  }

  @Test
  void refusesARelativeLayoutPath() {
    assertThatThrownBy(() -> oneHost().layout(Layout.builder().installRoot(Path.of("opt")).build()).build())
        .hasMessageContaining("installRoot")
        .hasMessageContaining("'opt'");
    assertThatThrownBy(() -> Layout.seed().rootedAt(Path.of("tmp/x")))
        .hasMessageContaining("root")
        .hasMessageContaining("'tmp/x'");
  }

  @Test
  void refusesDuplicateHostNamesAndAddresses() {
    assertThatThrownBy(() -> oneHost().addHost("cp-1", "198.18.0.11", Role.WORKER).build())
        .hasMessageContaining("duplicate name")
        .hasMessageContaining("'cp-1'");
    assertThatThrownBy(() -> oneHost().addHost("w-1", "198.18.0.10", Role.WORKER).build())
        .hasMessageContaining("duplicate address")
        .hasMessageContaining("198.18.0.10");
  }

  @Test
  void refusesInvalidAddressesAndCidrs() {
    assertThatThrownBy(() -> oneHost().addHost("w-1", "198.18.0.300", Role.WORKER))
        .hasMessageContaining("host address of 'w-1'")
        .hasMessageContaining("'198.18.0.300'");
    assertThatThrownBy(() -> oneHost().addHost("w-1", "node.example", Role.WORKER))
        .hasMessageContaining("'node.example'");
    assertThatThrownBy(() -> oneHost().serviceCidr("10.96.0.0").build())
        .hasMessageContaining("serviceCidr")
        .hasMessageContaining("'10.96.0.0'");
    assertThatThrownBy(() -> oneHost().clusterCidr("10.244.0.0/33").build())
        .hasMessageContaining("clusterCidr")
        .hasMessageContaining("'10.244.0.0/33'");
    assertThatThrownBy(() -> oneHost().clusterCidr("10.244.1.0/16").build())
        .hasMessageContaining("clusterCidr has host bits set: '10.244.1.0/16'")
        .hasMessageContaining("10.244.0.0/16");
    assertThatThrownBy(() -> oneHost().dnsServiceIp("ten").build())
        .hasMessageContaining("dnsServiceIp")
        .hasMessageContaining("'ten'");
  }

  @Test
  void refusesAClusterWithoutControlPlane() {
    assertThatThrownBy(() -> ClusterSpec.builder().addHost("w-1", "198.18.0.12", Role.WORKER).build())
        .hasMessageContaining("CONTROL_PLANE")
        .hasMessageContaining("w-1");
  }

  @Test
  void refusesBadNamesAndUnsupportedComponentVersions() {
    assertThatThrownBy(() -> oneHost().name("My_Cluster").build())
        .hasMessageContaining("name")
        .hasMessageContaining("'My_Cluster'");
    assertThatThrownBy(() -> HostSpec.of("Node_1", "198.18.0.12", Role.WORKER))
        .hasMessageContaining("'Node_1'");
    assertThatThrownBy(() -> oneHost().etcdVersion("3.3.27").build())
        .hasMessageContaining("etcdVersion")
        .hasMessageContaining("'3.3.27'");
    assertThatThrownBy(() -> oneHost().containerdVersion("1.5.18").build())
        .hasMessageContaining("containerdVersion")
        .hasMessageContaining("'1.5.18'");
    assertThatThrownBy(() -> oneHost().apiServerPort(70000).build())
        .hasMessageContaining("apiServerPort")
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> oneHost().kubeletResolvConf("resolv.conf").build())
        .hasMessageContaining("kubeletResolvConf")
        .hasMessageContaining("'resolv.conf'");
  }

  @Test
  void pkiFactsFollowTheHostsRoles() {
    ClusterSpec spec = ClusterSpec.builder()
        .name("lab")
        .serviceCidr("10.254.0.0/16")
        .addHost("cp-1", "198.18.0.10", Role.CONTROL_PLANE, Role.WORKER)
        .addHost("cp-2", "198.18.0.11", Role.CONTROL_PLANE)
        .addHost("etcd-1", "198.18.0.12", Role.ETCD)
        .addHost("w-1", "198.18.0.20", Role.WORKER)
        .build();

    dev.kubestrap.pki.KubernetesPki pki = spec.pkiFacts().build();

    assertThat(pki.clusterName()).isEqualTo("lab");
    assertThat(pki.serviceCidr()).isEqualTo("10.254.0.0/16");
    assertThat(pki.controlPlanes()).extracting(h -> h.name()).containsExactly("cp-1", "cp-2");
    assertThat(pki.etcdMembers()).extracting(h -> h.name()).containsExactly("etcd-1");
    assertThat(pki.nodes()).extracting(h -> h.name()).contains("cp-1", "w-1");
  }
}
