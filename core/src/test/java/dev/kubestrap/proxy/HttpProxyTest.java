package dev.kubestrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpProxyTest {

  @Test
  void directDestinationsAreExactNamesDomainSuffixesAndCidrRanges() {
    HttpProxy proxy = HttpProxy.builder().http("http://proxy.corp.example:3128")
        .noProxy("corp.example", ".svc", "10.0.0.0/8").build();

    assertThat(proxy.noProxy()).containsExactly("localhost", "127.0.0.1", "corp.example", ".svc", "10.0.0.0/8");
    assertThat(proxy.isDirect("corp.example")).isTrue();
    assertThat(proxy.isDirect("registry.corp.example")).isTrue();
    assertThat(proxy.isDirect("kube-dns.kube-system.svc")).isTrue();
    assertThat(proxy.isDirect("10.20.30.40")).isTrue();
    assertThat(proxy.isDirect("127.0.0.1")).isTrue();
    assertThat(proxy.isDirect("notcorp.example")).isFalse();
    assertThat(proxy.isDirect("11.0.0.1")).isFalse();
    assertThat(proxy.isDirect("dl.k8s.io")).isFalse();
  }

  @Test
  void theSelectorSendsEachSchemeToItsProxyAndDirectHostsNowhere() {
    HttpProxy proxy = HttpProxy.builder().http("http://127.0.0.1:3128").https("http://127.0.0.1:3129").build();

    assertThat(proxy.selector().select(URI.create("http://dl.k8s.io/x"))).singleElement()
        .satisfies(p -> assertThat(p.address()).isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 3128)));
    assertThat(proxy.selector().select(URI.create("https://dl.k8s.io/x"))).singleElement()
        .satisfies(p -> assertThat(p.address()).isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 3129)));
    assertThat(proxy.selector().select(URI.create("https://localhost:6443/"))).isEqualTo(List.of(Proxy.NO_PROXY));
  }

  @Test
  void badSettingsAreRefusedNamingFieldAndValueButNeverACredential() {
    assertThatThrownBy(() -> HttpProxy.of("https://proxy:3128"))
        .isInstanceOf(ProxyException.class).hasMessage("http proxy must be http://host:port: 'https://proxy:3128'");
    assertThatThrownBy(() -> HttpProxy.of("http://proxy"))
        .hasMessage("http proxy must be http://host:port: 'http://proxy'");
    assertThatThrownBy(() -> HttpProxy.of("http://me:secret@proxy:3128"))
        .hasMessage("http proxy must not carry credentials: 'http://***@proxy:3128'")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> HttpProxy.builder().http("http://proxy:3128").noProxy("a b").build())
        .hasMessage("noProxy entries must be host names, addresses or CIDR ranges: 'a b'");
    assertThatThrownBy(() -> HttpProxy.builder().build()).hasMessage("http proxy must be set");
  }
}
