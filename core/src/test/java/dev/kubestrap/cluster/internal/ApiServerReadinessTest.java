package dev.kubestrap.cluster.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.apply.internal.LoopbackHttps;
import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.pki.CertificateAuthority;
import dev.kubestrap.pki.ExtendedKeyUsage;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.pki.TlsContext;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The readiness wait verifies the apiserver against the cluster CA and the address it was given. */
class ApiServerReadinessTest {
  private static final CertificateAuthority CA = CertificateAuthority.selfSigned("kubernetes").build();
  private static final CertificateAuthority OTHER_CA = CertificateAuthority.selfSigned("other").build();

  private static LoopbackHttps apiserver(String address, CertificateAuthority issuer) {
    return LoopbackHttps.serve(TlsContext.builder().identity(IssuedCertificate.builder().commonName("kube-apiserver")
        .addIpAddress(address).extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH).signedBy(issuer).build()).build(), false);
  }

  private static URI server(LoopbackHttps https) {
    return https.url("");
  }

  @Test
  void returnsWhenTheApiServerOfTheClusterCaAnswers() {
    try (LoopbackHttps https = apiserver("127.0.0.1", CA)) {
      assertThatCode(() -> ApiServerReadiness.await(server(https), CA.certificate(), Duration.ofSeconds(10)))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void refusesAnApiServerCertificateOfAnotherCa() {
    try (LoopbackHttps https = apiserver("127.0.0.1", OTHER_CA)) {
      assertThatThrownBy(() -> ApiServerReadiness.await(server(https), CA.certificate(), Duration.ofMillis(100)))
          .isInstanceOf(ClusterException.class).hasMessageContaining("did not answer 200")
          .hasMessageContaining("SSLHandshakeException").hasMessageContaining("certification path");
    }
  }

  @Test
  void refusesAnApiServerCertificateForAnotherAddress() {
    try (LoopbackHttps https = apiserver("198.18.0.7", CA)) {
      assertThatThrownBy(() -> ApiServerReadiness.await(server(https), CA.certificate(), Duration.ofMillis(100)))
          .isInstanceOf(ClusterException.class).hasMessageContaining("did not answer 200")
          .hasMessageContaining("SSLHandshakeException").hasMessageContaining("127.0.0.1");
    }
  }
}
