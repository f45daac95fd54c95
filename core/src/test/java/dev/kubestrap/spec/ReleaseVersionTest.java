package dev.kubestrap.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReleaseVersionTest {

  @Test
  void parsesReleasesWithPrefixAndSuffix() {
    assertThat(ReleaseVersion.parse("v", "v1.36.4")).hasToString("1.36.4");
    assertThat(ReleaseVersion.parse("v", "1.6.20~ds1").line()).isEqualTo("1.6");
    assertThat(ReleaseVersion.parse("v", "2.1.0-rc.1").atLeast(2, 1)).isTrue();
    assertThat(ReleaseVersion.parse("v", "1.7.29").atLeast(2, 0)).isFalse();
  }

  @Test
  void refusesOtherShapesNamingFieldAndValue() {
    assertThatThrownBy(() -> ReleaseVersion.parse("runcVersion", "1.4"))
        .hasMessage("runcVersion is not a major.minor.patch version: '1.4'");
  }
}
