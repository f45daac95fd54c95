package dev.kubestrap.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ReleaseVersion;
import dev.kubestrap.spec.Role;
import org.junit.jupiter.api.Test;

/** What an upgrade decides before touching anything: the etcd it moves to and the skews it refuses. */
class ClusterUpgradeTest {
  private static ClusterSpec cluster(String kubernetes, String etcd) {
    ClusterSpec.Builder builder = ClusterSpec.builder().kubernetesVersion(kubernetes)
        .addHost("cp-1", "198.18.0.10", Role.CONTROL_PLANE);
    return (etcd == null ? builder : builder.etcdVersion(etcd)).build();
  }

  @Test
  void aClusterOnTheOldMinorsDefaultEtcdMovesToTheNewMinorsDefault() {
    assertThat(ClusterUpgrade.etcdAfter(cluster("1.34.2", null), ReleaseVersion.parse("to", "1.35.1")))
        .isEqualTo("3.6.14").isEqualTo(cluster("1.35.1", null).etcdVersion().toString());
    assertThat(ClusterUpgrade.etcdAfter(cluster("1.35.1", null), ReleaseVersion.parse("to", "1.36.0")))
        .isEqualTo("3.6.14");
  }

  @Test
  void anEtcdChosenByTheUserIsKept() {
    assertThat(ClusterUpgrade.etcdAfter(cluster("1.34.2", "3.5.21"), ReleaseVersion.parse("to", "1.35.1")))
        .isEqualTo("3.5.21");
  }

  @Test
  void skippingAMinorOrGoingDownIsRefused() {
    ReleaseVersion from = ReleaseVersion.parse("from", "1.34.2");

    assertThatThrownBy(() -> ClusterUpgrade.refuseSkewViolations(from, ReleaseVersion.parse("to", "1.36.0")))
        .isInstanceOf(ClusterException.class).hasMessageContaining("it skips 1.35");
    assertThatThrownBy(() -> ClusterUpgrade.refuseSkewViolations(from, ReleaseVersion.parse("to", "1.34.1")))
        .isInstanceOf(ClusterException.class).hasMessageContaining("it goes down");
  }
}
