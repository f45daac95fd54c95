package dev.kubestrap.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

  @Test
  void computesAddressesAndMembershipForIpv4() {
    Cidr services = Cidr.parse("serviceCidr", "10.96.0.0/12");

    assertThat(services.address(1).getHostAddress()).isEqualTo("10.96.0.1");
    assertThat(services.address(10).getHostAddress()).isEqualTo("10.96.0.10");
    assertThat(services.address(256).getHostAddress()).isEqualTo("10.96.1.0");
    assertThat(services.contains(IpAddresses.parse("x", "10.111.255.255"))).isTrue();
    assertThat(services.contains(IpAddresses.parse("x", "10.112.0.0"))).isFalse();
    assertThat(services.overlaps(Cidr.parse("x", "10.100.0.0/16"))).isTrue();
    assertThat(services.overlaps(Cidr.parse("x", "10.244.0.0/16"))).isFalse();
    assertThatThrownBy(() -> Cidr.parse("x", "10.0.0.0/30").address(4)).hasMessageContaining("10.0.0.0/30");
  }

  @Test
  void refusesIpv6WithTheReason() {
    assertThatThrownBy(() -> Cidr.parse("serviceCidr", "fd00:10:96::/108"))
        .hasMessage("serviceCidr is an IPv6 address: 'fd00:10:96::' (kubestrap builds IPv4 single-stack clusters only)");
    assertThatThrownBy(() -> IpAddresses.parse("dnsServiceIp", "::ffff:10.96.0.10"))
        .hasMessageContaining("dnsServiceIp is an IPv6 address");
  }

  @Test
  void refusesMalformedInputWithFieldAndValue() {
    assertThatThrownBy(() -> Cidr.parse("clusterCidr", "10.244.0.0/x"))
        .hasMessage("clusterCidr has no numeric prefix length: '10.244.0.0/x'");
    assertThatThrownBy(() -> Cidr.parse("clusterCidr", "10.244.0.0/33"))
        .hasMessage("clusterCidr has a prefix length outside 0-32: '10.244.0.0/33'");
    assertThatThrownBy(() -> IpAddresses.parse("dnsServiceIp", "10.96.0.010"))
        .hasMessageContaining("dnsServiceIp has an octet with a leading zero: '10.96.0.010'");
    assertThatThrownBy(() -> IpAddresses.parse("dnsServiceIp", "1.2.3"))
        .hasMessage("dnsServiceIp is not an IP address: '1.2.3'");
    assertThatThrownBy(() -> IpAddresses.parse("dnsServiceIp", "example.com"))
        .hasMessage("dnsServiceIp is not an IP address: 'example.com'");
  }
}
