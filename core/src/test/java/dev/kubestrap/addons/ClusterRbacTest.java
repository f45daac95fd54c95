package dev.kubestrap.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterRbacTest {

  @Test
  void bindsTheApiServerKubeletClientToTheBuiltInKubeletApiAdminRole() {
    ClusterRoleBinding binding = bindings(ClusterRbac.defaults()).get(0);

    assertThat(binding.getMetadata().getName()).isEqualTo("kubestrap:kube-apiserver-kubelet-client");
    assertThat(binding.getRoleRef().getKind() + "/" + binding.getRoleRef().getName())
        .isEqualTo("ClusterRole/system:kubelet-api-admin");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("User");
      assertThat(s.getName()).isEqualTo("kube-apiserver-kubelet-client");
      assertThat(s.getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
    });
  }

  @Test
  void bindsTheAdminGroupToClusterAdmin() {
    ClusterRoleBinding binding = bindings(ClusterRbac.defaults()).get(1);

    assertThat(binding.getRoleRef().getName()).isEqualTo("cluster-admin");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("Group");
      assertThat(s.getName()).isEqualTo("kubestrap:cluster-admins");
    });
  }

  @Test
  void namesAreConfigurable() {
    List<ClusterRoleBinding> bindings =
        bindings(ClusterRbac.builder().kubeletClientUser("system:kubelet-api-admin").adminGroup("ops").build());

    assertThat(bindings).extracting(b -> b.getSubjects().get(0).getName())
        .containsExactly("system:kubelet-api-admin", "ops", "system:nodes");
  }

  @Test
  void letsKubeletsRenewTheirOwnClientCertificatesAsKubeadmDoes() {
    ClusterRoleBinding binding = bindings(ClusterRbac.defaults()).get(2);

    assertThat(binding.getMetadata().getName()).isEqualTo("kubestrap:kubelet-client-renewal");
    assertThat(binding.getRoleRef().getName())
        .isEqualTo("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("Group");
      assertThat(s.getName()).isEqualTo("system:nodes");
    });
  }

  @Test
  void refusesBlankNamesAndSystemMasters() {
    assertThatThrownBy(() -> ClusterRbac.builder().kubeletClientUser(" ").build())
        .hasMessage("kubeletClientUser must be a non-empty name without surrounding spaces: ' '");
    assertThatThrownBy(() -> ClusterRbac.builder().adminGroup("system:masters").build())
        .hasMessageStartingWith("adminGroup must not be system:masters");
  }

  private static List<ClusterRoleBinding> bindings(ClusterRbac rbac) {
    return rbac.objects().stream().map(ClusterRoleBinding.class::cast).toList();
  }
}
