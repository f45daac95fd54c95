package dev.kubestrap.apply.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.pki.CertificateAuthority;
import dev.kubestrap.pki.ExtendedKeyUsage;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.pki.TlsContext;
import dev.kubestrap.plan.HealthProbe;
import dev.kubestrap.transport.local.LocalTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint probe against real HTTPS servers on loopback: with a CA file it accepts only a server certificate of
 * that CA naming 127.0.0.1, the address it connects to; with client files it presents that certificate.
 */
class EndpointProbeTest {
  private static final CertificateAuthority CA = CertificateAuthority.selfSigned("cluster ca").build();
  private static final CertificateAuthority OTHER_CA = CertificateAuthority.selfSigned("other ca").build();
  private static final IssuedCertificate CLIENT = IssuedCertificate.builder().commonName("kube-apiserver-etcd-client")
      .extendedKeyUsage(ExtendedKeyUsage.CLIENT_AUTH).signedBy(CA).build();

  @TempDir Path root;

  @BeforeEach
  void placeFiles() throws Exception {
    Files.writeString(root.resolve("ca.pem"), CA.certificatePem());
    Files.writeString(root.resolve("client.pem"), CLIENT.certificatePem());
    Files.writeString(root.resolve("client-key.pem"), CLIENT.privateKeyPem());
    Files.writeString(root.resolve("other-key.pem"), OTHER_CA.privateKeyPem());
  }

  private static TlsContext serving(String address, CertificateAuthority issuer) {
    return TlsContext.builder().identity(IssuedCertificate.builder().commonName("server").addIpAddress(address)
        .extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH).signedBy(issuer).build()).trust(CA).build();
  }

  private Optional<String> probe(HealthProbe.Endpoint endpoint) {
    try (EndpointProbe probe = new EndpointProbe(LocalTransport.rootedAt(root), endpoint)) {
      return probe.probe(Duration.ofSeconds(10));
    }
  }

  @Test
  void acceptsAServerOfTheCaNamingTheLoopbackAddress() {
    try (LoopbackHttps server = LoopbackHttps.serve(serving("127.0.0.1", CA), false)) {
      assertThat(probe(HealthProbe.endpoint(server.url("/healthz")).trusting("/ca.pem"))).isEmpty();
      assertThat(server.lastClient()).isEqualTo("none");
    }
  }

  @Test
  void refusesAServerCertificateOfAnotherCa() {
    try (LoopbackHttps server = LoopbackHttps.serve(serving("127.0.0.1", OTHER_CA), false)) {
      assertThat(probe(HealthProbe.endpoint(server.url("/healthz")).trusting("/ca.pem")))
          .hasValueSatisfying(seen -> assertThat(seen).startsWith("SSLHandshakeException")
              .contains("certification path"));
      assertThat(server.lastClient()).isEqualTo("no request");
    }
  }

  @Test
  void refusesAServerCertificateForAnotherAddress() {
    try (LoopbackHttps server = LoopbackHttps.serve(serving("198.18.0.7", CA), false)) {
      assertThat(probe(HealthProbe.endpoint(server.url("/healthz")).trusting("/ca.pem")))
          .hasValueSatisfying(seen -> assertThat(seen).startsWith("SSLHandshakeException").contains("127.0.0.1"));
      assertThat(server.lastClient()).isEqualTo("no request");
    }
  }

  @Test
  void presentsTheClientCertificate() {
    try (LoopbackHttps server = LoopbackHttps.serve(serving("127.0.0.1", CA), true)) {
      assertThat(probe(HealthProbe.endpoint(server.url("/health")).trusting("/ca.pem")
          .clientCertificate("/client.pem", "/client-key.pem"))).isEmpty();
      assertThat(server.lastClient()).isEqualTo(CLIENT.subject());
    }
  }

  @Test
  void withoutACaFileAnyServerIsAcceptedAsDocumented() {
    try (LoopbackHttps server = LoopbackHttps.serve(serving("198.18.0.7", OTHER_CA), true)) {
      assertThat(probe(HealthProbe.endpoint(server.url("/healthz"))
          .clientCertificate("/client.pem", "/client-key.pem"))).isEmpty();
      assertThat(server.lastClient()).isEqualTo(CLIENT.subject());
    }
  }

  @Test
  void aClientKeyOfAnotherCertificateIsReportedNamingTheFiles() {
    try (LoopbackHttps server = LoopbackHttps.serve(serving("127.0.0.1", CA), true)) {
      assertThat(probe(HealthProbe.endpoint(server.url("/health")).trusting("/ca.pem")
          .clientCertificate("/client.pem", "/other-key.pem")))
          .hasValueSatisfying(seen -> assertThat(seen).contains("/client.pem", "/other-key.pem", "does not match"));
      assertThat(server.lastClient()).isEqualTo("no request");
    }
  }
}
