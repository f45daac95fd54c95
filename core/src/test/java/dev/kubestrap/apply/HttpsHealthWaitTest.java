package dev.kubestrap.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.HealthProbe;
import dev.kubestrap.plan.HealthWait;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.transport.local.LocalTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Endpoint health waits against a real TLS server that requires client certificates, with a CA, server
 * and client certificates made by the {@code openssl} command line; the files are read through the host's
 * transport (here a local one rooted in the test directory) and the endpoint reached through its tunnel.
 */
class HttpsHealthWaitTest {
  @TempDir Path pki;
  HttpsServer server;
  final AtomicInteger requests = new AtomicInteger();
  volatile int readyAfter = 2;

  @BeforeEach
  void start() throws Exception {
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=test-ca", "-days", "1");
    issue("server", "/CN=kube-apiserver", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth");
    issue("client", "/O=system:masters/CN=kubestrap-admin", "extendedKeyUsage=clientAuth");
    openssl("pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-out", "server.p12",
        "-passout", "pass:test");

    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext()) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
        ssl.setNeedClientAuth(true);
        params.setSSLParameters(ssl);
      }
    });
    server.createContext("/readyz", exchange -> {
      boolean ready = requests.incrementAndGet() > readyAfter;
      byte[] body = (ready ? "ok" : "[-]etcd failed: not ready").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI readyz() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/readyz");
  }

  private ApplyReport apply(HealthProbe check, Duration timeout) {
    ClusterPlan plan = ClusterPlan.builder("lab")
        .add(Phase.CONTROL_PLANE, HostId.of("master"),
            HealthWait.builder("apiserver ready").check(check).timeout(timeout).build())
        .build();
    return PlanExecutor.builder()
        .transports(host -> LocalTransport.rootedAt(pki))
        .serviceManager(new RecordingServiceManager())
        .build()
        .apply(plan);
  }

  @Test
  void waitsUntilTheEndpointAnswers200OverMutualTls() {
    ApplyReport report = apply(HealthProbe.endpoint(readyz()).trusting("/ca.crt")
        .clientCertificate("/client.crt", "/client.key"), Duration.ofSeconds(20));

    assertThat(report.succeeded()).isTrue();
    assertThat(requests).hasValue(3);
  }

  @Test
  void reportsTheLastStatusAndBodyWhenNeverReady() {
    readyAfter = Integer.MAX_VALUE;
    ApplyException failure = catchThrowableOfType(() -> apply(HealthProbe.endpoint(readyz()).trusting("/ca.crt")
        .clientCertificate("/client.crt", "/client.key"), Duration.ofMillis(800)),
        ApplyException.class);

    assertThat(failure.getMessage())
        .contains("[control-plane] wait apiserver ready: GET " + readyz())
        .contains("failed: not healthy after 800 ms")
        .endsWith("last check: HTTP 503: [-]etcd failed: not ready");
  }

  @Test
  void withoutAClientCertificateTheServerRefusesTheHandshake() {
    ApplyException failure = catchThrowableOfType(
        () -> apply(HealthProbe.endpoint(readyz()).trusting("/ca.crt"), Duration.ofSeconds(3)), ApplyException.class);

    assertThat(failure.reason()).startsWith("not healthy after 3 s").contains("last check: ").contains("Exception");
    assertThat(requests).hasValue(0);
  }

  private void issue(String name, String subject, String extensions) throws Exception {
    Files.writeString(pki.resolve(name + ".ext"), extensions + "\n");
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
    openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", name + ".crt", "-days", "1", "-extfile", name + ".ext");
  }

  private void openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(pki.toFile()).redirectErrorStream(true).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (process.waitFor() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
    }
  }

  private SSLContext serverContext() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pki.resolve("server.p12"))) {
      keys.load(in, "test".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "test".toCharArray());
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(pki.resolve("ca.crt"))) {
      trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }
}
