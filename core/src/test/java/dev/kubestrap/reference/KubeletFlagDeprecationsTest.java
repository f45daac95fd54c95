package dev.kubestrap.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.reference.KubeletFlagDeprecations.Reason;
import org.junit.jupiter.api.Test;

class KubeletFlagDeprecationsTest {

  @Test
  void tellsConfigFileFlagsFromFlagsThatGoAway() {
    KubeletFlagDeprecations reasons = KubeletFlagDeprecations.forMinor("1.35");

    assertThat(reasons.reason("--cluster-dns")).contains(Reason.CONFIG_FILE);
    assertThat(reasons.reasons()).containsValue(Reason.OTHER);
    assertThat(reasons.reason("--hostname-override")).isEmpty();
    assertThat(KubeletFlagDeprecations.forMinor("1.34").reasons()).isNotEmpty();
  }
}
