package dev.kubestrap.pki.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.pki.PkiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IP literals for subject alternative names: what is accepted, and what is refused with the field and value named. */
class NamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "0.0.0.0", "255.255.255.255", "::", "::1", "fd00::1", "1:2:3:4:5:6:7:8",
      "1::", "1::2:3", "::ffff:10.0.0.1", "64:ff9b::192.0.2.33", "FD00:0:0:0:0:0:0:A"})
  void acceptsIpLiterals(String literal) {
    assertThat(Names.isIpAddress(literal)).as(literal).isTrue();
    assertThat(Names.requireIpAddress("ipAddress", literal)).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10.0.0.1/24", "10.1.0.300", "010.0.0.1", "1.2.3", "1.2.3.4.5", "1.2.3.", "+1.2.3.4",
      "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", ":1::", "1:2:3:4:5:6:7::8", "12345::", "fe80::1%eth0", "[::1]",
      "\uff11.2.3.4", "::1.2.3", "1.2.3.4::", "g::1", "node-1"})
  void refusesAnythingElseNamingFieldAndValue(String literal) {
    assertThat(Names.isIpAddress(literal)).as(literal).isFalse();
    assertThatThrownBy(() -> Names.requireIpAddress("ipAddress", literal)).isInstanceOf(PkiException.class)
        .hasMessage("ipAddress must be an IPv4 or IPv6 address: '" + literal + "'");
  }
}
