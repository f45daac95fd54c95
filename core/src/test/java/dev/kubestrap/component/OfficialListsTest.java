package dev.kubestrap.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.component.config.ConfigFiles;
import dev.kubestrap.reference.ConfigFieldList;
import dev.kubestrap.reference.FlagList;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.ProxyMode;
import dev.kubestrap.spec.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every flag and config field kubestrap emits is in the official list of the target version, not deprecated. */
class OfficialListsTest {

  static Stream<Arguments> versions() {
    List<Arguments> all = new ArrayList<>();
    for (String kubernetes : List.of("1.34.3", "1.35.1", "1.36.4")) {
      for (String etcd : List.of("3.4.23", "3.5.33", "3.6.14")) {
        for (boolean audit : List.of(true, false)) {
          all.add(Arguments.of(kubernetes, etcd, audit));
        }
      }
    }
    return all.stream();
  }

  private static ClusterSpec spec(String kubernetes, String etcd, boolean audit) {
    return ClusterSpec.builder()
        .kubernetesVersion(kubernetes)
        .etcdVersion(etcd)
        .auditLogging(audit)
        .proxyMode(ProxyMode.NFTABLES)
        .addHost("cp-1", "198.18.0.10", Role.CONTROL_PLANE, Role.ETCD, Role.WORKER)
        .addHost("cp-2", "198.18.0.11", Role.CONTROL_PLANE, Role.ETCD)
        .addHost("w-1", "198.18.0.20", Role.WORKER)
        .build();
  }

  @ParameterizedTest(name = "kubernetes {0}, etcd {1}, audit {2}")
  @MethodSource("versions")
  void everyEmittedFlagIsCurrentInTheOfficialList(String kubernetes, String etcd, boolean audit) {
    ClusterSpec spec = spec(kubernetes, etcd, audit);
    int checked = 0;
    for (HostSpec host : spec.hosts()) {
      for (Component component : Components.on(spec, host)) {
        if (component.name() == ComponentName.CONTAINERD || component.name() == ComponentName.KUBE_APISERVER_LB) {
          continue; // no flag list: configured by their files (containerd checked against the real containerd)
        }
        FlagList list = component.name() == ComponentName.ETCD
            ? FlagList.etcd(spec.etcdVersion().line())
            : FlagList.kubernetes(component.name().id(), spec.kubernetesMinor());
        List<String> argv = component.command(host);
        for (String argument : argv.subList(1, argv.size())) {
          String flag = argument.substring(0, argument.indexOf('='));
          assertThat(list.find(flag))
              .as("%s %s on %s: %s", component.name(), list.version(), host.name(), flag)
              .hasValueSatisfying(f -> assertThat(f.deprecated()).as("%s deprecated", flag).isFalse());
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(80);
  }

  @ParameterizedTest(name = "kubernetes {0}, etcd {1}, audit {2}")
  @MethodSource("versions")
  void everyEmittedConfigFieldIsDocumented(String kubernetes, String etcd, boolean audit) {
    ClusterSpec spec = spec(kubernetes, etcd, audit);
    HostSpec node = spec.host("cp-1");
    EncryptionKey key = EncryptionKey.of(new byte[32]);

    assertDocumented("KubeletConfiguration", new Kubelet(spec).configFile(node));
    assertDocumented("KubeProxyConfiguration", new KubeProxy(spec).configFile(node));
    assertDocumented("KubeSchedulerConfiguration", new KubeScheduler(spec).configFile());
    assertDocumented("EncryptionConfiguration", new KubeApiServer(spec).encryptionConfigFile(key));
    assertDocumented("AuthenticationConfiguration", new KubeApiServer(spec).authenticationConfigFile());
  }

  private static void assertDocumented(String kind, PlacedFile file) {
    Map<String, Object> document = ConfigFiles.readYaml(file.content());
    assertThat(document).containsEntry("kind", kind).containsKey("apiVersion");
    assertThat(document.size()).isGreaterThan(2);
    assertThat(ConfigFieldList.of(kind).unknownFields(document)).as(kind + " fields").isEmpty();
  }

  @Test
  void theRenderCheckRefusesUnknownAndDeprecatedFlags() {
    FlagList kubelet = FlagList.kubernetes("kubelet", "1.35");

    assertThatThrownBy(() -> new Flags().set("--container-runtime", "remote").checkedAgainst(kubelet))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("--container-runtime");
    assertThatThrownBy(() -> new Flags().set("--cluster-dns", "10.96.0.10").checkedAgainst(kubelet))
        .hasMessageContaining("--cluster-dns (deprecated)");
    assertThat(new Flags().set("--node-ip", "198.18.0.1").checkedAgainst(kubelet).toArguments())
        .containsExactly("--node-ip=198.18.0.1");
  }
}
