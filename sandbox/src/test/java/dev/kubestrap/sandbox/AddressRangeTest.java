package dev.kubestrap.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressRangeTest {

  @Test
  void parsesCidrAndHandsOutAddressesFromTheNetworkOn() {
    AddressRange range = AddressRange.parse("198.18.0.0/24");

    assertThat(range.size()).isEqualTo(256);
    assertThat(range.address(1)).isEqualTo("198.18.0.1");
    assertThat(range.address(2)).isEqualTo("198.18.0.2");
    assertThat(range.address(255)).isEqualTo("198.18.0.255");
    assertThat(range).hasToString("198.18.0.0/24");
    assertThatThrownBy(() -> range.address(256)).hasMessage("offset 256 is outside 198.18.0.0/24");
  }

  @Test
  void rejectsMalformedRangesWithTheValue() {
    assertThatThrownBy(() -> AddressRange.parse("198.18.0.5/24"))
        .hasMessage("address range has host bits set: 198.18.0.5/24");
    assertThatThrownBy(() -> AddressRange.parse("198.18.0/24"))
        .hasMessage("address range is not a.b.c.d/n: '198.18.0/24'");
    assertThatThrownBy(() -> AddressRange.parse("198.18.0.256/24"))
        .hasMessage("address range is not a.b.c.d/n: '198.18.0.256/24'");
    assertThatThrownBy(() -> AddressRange.parse("198.18.0.0/33"))
        .hasMessage("prefixLength must be 0..32: 33");
  }

  @Test
  void overlapsWhenEitherContainsTheOther() {
    AddressRange sandbox = AddressRange.parse("198.18.0.0/24");

    assertThat(sandbox.overlaps(AddressRange.parse("198.18.0.128/25"))).isTrue();
    assertThat(sandbox.overlaps(AddressRange.parse("198.0.0.0/8"))).isTrue();
    assertThat(sandbox.overlaps(AddressRange.parse("198.18.0.77"))).isTrue();
    assertThat(sandbox.overlaps(AddressRange.parse("198.18.1.0/24"))).isFalse();
    assertThat(sandbox.overlaps(AddressRange.parse("192.0.2.0/24"))).isFalse();
    assertThat(AddressRange.containing("127.0.0.1", 8)).isEqualTo(AddressRange.parse("127.0.0.0/8"));
  }

  @Test
  void nextStepsByItsOwnSizeAndEndsAtTheTopOfTheAddressSpace() {
    assertThat(AddressRange.parse("198.18.0.0/24").next()).hasToString("198.18.1.0/24");
    assertThat(AddressRange.parse("198.18.255.0/24").next()).hasToString("198.19.0.0/24");
    assertThat(AddressRange.parse("255.255.255.0/24").next()).isNull();
  }
}
