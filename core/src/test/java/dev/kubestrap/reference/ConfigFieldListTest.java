package dev.kubestrap.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigFieldListTest {

  @Test
  void findsNestedAndListFieldsAndReportsUnknownOnes() {
    ConfigFieldList encryption = ConfigFieldList.of("EncryptionConfiguration");
    Map<String, Object> document = Map.of(
        "apiVersion", "apiserver.config.k8s.io/v1",
        "resources", List.of(Map.of(
            "resources", List.of("secrets"),
            "providers", List.of(
                Map.of("secretbox", Map.of("keys", List.of(Map.of("name", "key1", "secret", "x")))),
                Map.of("identity", Map.of(), "bogus", 1)))));

    assertThat(encryption.unknownFields(document)).containsExactly("resources[].providers[].bogus");
  }

  @Test
  void doesNotEnterMapTypedFields() {
    ConfigFieldList kubelet = ConfigFieldList.of("KubeletConfiguration");

    assertThat(kubelet.unknownFields(Map.of("featureGates", Map.of("AnyGate", true), "cgroupDriver", "systemd")))
        .isEmpty();
    assertThat(kubelet.unknownFields(Map.of("authentication", Map.of("x509", Map.of("clientCaFile", "/x")))))
        .containsExactly("authentication.x509.clientCaFile");
  }

  @Test
  void knowsTheFourKindsOnly() {
    assertThat(ConfigFieldList.of("KubeProxyConfiguration").contains("clusterCIDR")).isTrue();
    assertThat(ConfigFieldList.of("KubeSchedulerConfiguration").contains("leaderElection.leaderElect")).isTrue();
    assertThatThrownBy(() -> ConfigFieldList.of("Policy")).hasMessageContaining("Policy");
  }
}
