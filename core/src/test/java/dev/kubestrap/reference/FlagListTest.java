package dev.kubestrap.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlagListTest {

  @Test
  void loadsTheV135ApiserverListWithItsSourceHeader() {
    FlagList list = FlagList.kubernetes("kube-apiserver", "1.35");

    assertThat(list.source()).anyMatch(line -> line.contains("kubernetes/website"));
    assertThat(list.find("--secure-port")).hasValueSatisfying(flag -> {
      assertThat(flag.type()).isEqualTo("int");
      assertThat(flag.defaultValue()).isEqualTo("6443");
      assertThat(flag.deprecated()).isFalse();
    });
    assertThat(list.flags()).hasSizeGreaterThan(100);
  }

  @Test
  void kubernetes136UsesThe135ListsAnd134HasItsOwn() {
    assertThat(FlagList.kubernetes("kubelet", "1.35").version()).isEqualTo("1.35");
    assertThat(FlagList.kubernetes("kubelet", "1.36").flags())
        .isEqualTo(FlagList.kubernetes("kubelet", "1.35").flags());
    assertThat(FlagList.kubernetes("kubelet", "1.36").version()).isEqualTo("1.36");
    assertThat(FlagList.kubernetes("kube-apiserver", "1.34").source())
        .anyMatch(line -> line.contains("v1.34"));
    assertThat(FlagList.kubernetes("kube-apiserver", "1.34").flags())
        .isNotEqualTo(FlagList.kubernetes("kube-apiserver", "1.35").flags());
  }

  @Test
  void marksDeprecatedFlags() {
    FlagList kubelet = FlagList.kubernetes("kubelet", "1.35");

    assertThat(kubelet.find("--cluster-dns")).hasValueSatisfying(f -> assertThat(f.deprecated()).isTrue());
    assertThat(kubelet.isUsable("cluster-dns")).isFalse();
    assertThat(kubelet.isUsable("--hostname-override")).isTrue();
    assertThat(kubelet.isUsable("--container-runtime")).isFalse();
  }

  @Test
  void loadsEveryEtcdLineAndKnowsWhatChangedBetweenThem() {
    assertThat(FlagList.etcd("3.4").find("--logger")).hasValueSatisfying(f -> assertThat(f.defaultValue()).isEqualTo("capnslog"));
    assertThat(FlagList.etcd("3.5").find("--logger")).hasValueSatisfying(f -> assertThat(f.defaultValue()).isEqualTo("zap"));
    assertThat(FlagList.etcd("3.6").isUsable("--data-dir")).isTrue();
  }

  @Test
  void refusesUnknownProgramsAndVersions() {
    assertThatThrownBy(() -> FlagList.kubernetes("kube-apiserver", "1.33"))
        .isInstanceOf(ReferenceDataException.class)
        .hasMessageContaining("1.33");
    assertThatThrownBy(() -> FlagList.kubernetes("containerd", "1.35"))
        .hasMessageContaining("containerd");
    assertThatThrownBy(() -> FlagList.etcd("3.3")).hasMessageContaining("3.3");
  }

  @Test
  void normalizesFlagNames() {
    assertThat(FlagList.normalize("v")).isEqualTo("--v");
    assertThat(FlagList.normalize("-v")).isEqualTo("--v");
    assertThat(FlagList.normalize("--v")).isEqualTo("--v");
  }
}
