package dev.kubestrap.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.pki.KubernetesPki;
import dev.kubestrap.pki.PkiStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated kubeconfig is used for a real TLS handshake: kubectl connects with it to
 * {@code openssl s_server}, which demands a client certificate from the test CA; kubectl in turn
 * must trust the server only through the embedded CA.
 */
class KubeconfigTlsHandshakeTest {
  @TempDir
  Path dir;

  private TestTls tls;
  private Process server;
  private Path serverLog;
  private int port;

  @BeforeEach
  void startTlsServer() throws Exception {
    tls = TestTls.generate(Files.createDirectories(dir.resolve("pki")));
    startServer(tls.serverCertificate(), tls.serverKey(), tls.caFile());
  }

  private void startServer(Path certificate, Path key, Path ca) throws Exception {
    stopTlsServer();
    port = freePort();
    serverLog = dir.resolve("s_server.log");
    server = new ProcessBuilder(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
        "-cert", certificate.toString(), "-key", key.toString(), "-CAfile", ca.toString(), "-Verify", "1", "-www"))
        .redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
    awaitListening(port);
  }

  @AfterEach
  void stopTlsServer() throws InterruptedException {
    if (server != null) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void kubectlAndOpensslUseTheKeysKubestrapWrites() throws Exception {
    ClusterCertificates pki = KubernetesPki.builder().clusterName("lab").controlPlane("master", "127.0.0.1").build()
        .issue();
    Path store = dir.resolve("store");
    PkiStore.at(store).putAll(java.util.Map.of("kube-apiserver", pki.apiServer("master")));
    Files.writeString(store.resolve("ca.pem"), pki.ca().certificatePem());
    startServer(store.resolve("kube-apiserver.pem"), store.resolve("kube-apiserver-key.pem"), store.resolve("ca.pem"));
    Path file = dir.resolve("kubestrap.kubeconfig");
    Kubeconfig.forClientCertificate("lab", URI.create("https://127.0.0.1:" + port), pki.ca().certificatePem(),
        "admin", pki.admin().certificatePem(), pki.admin().privateKeyPem(), "default").writeTo(file);

    KubectlRun run = kubectl(file);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(Files.readString(serverLog)).contains("CN = " + pki.admin().commonName()).contains("verify return:1");
    assertThat(pki.admin().privateKeyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----");
  }

  @Test
  void kubectlPresentsTheEmbeddedClientCertificateAndTrustsTheEmbeddedCa() throws Exception {
    Path file = dir.resolve("admin.kubeconfig");
    Kubeconfig.forClientCertificate("kubernetes-the-hard-way", URI.create("https://127.0.0.1:" + port),
        tls.caCertificate(), "admin", tls.clientCertificate(), tls.clientKey(), "default").writeTo(file);

    KubectlRun run = kubectl(file);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(Files.readString(serverLog)).contains("depth=0 O = system:masters, CN = admin").contains("verify return:1");
  }

  @Test
  void kubectlRefusesTheServerWhenTheEmbeddedCaIsAnotherOne() throws Exception {
    TestPem otherCa = TestPem.generate(Files.createDirectories(dir.resolve("other")));
    Path file = dir.resolve("wrong-ca.kubeconfig");
    Kubeconfig.forClientCertificate("kubernetes-the-hard-way", URI.create("https://127.0.0.1:" + port),
        otherCa.caCertificate(), "admin", tls.clientCertificate(), tls.clientKey(), "default").writeTo(file);

    KubectlRun run = kubectl(file);

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("certificate signed by unknown authority");
  }

  private record KubectlRun(int exitCode, String output) {}

  private static KubectlRun kubectl(Path kubeconfig) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
        "--request-timeout=10s", "get", "--raw", "/healthz")).redirectErrorStream(true);
    builder.environment().remove("KUBECONFIG");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("kubectl timed out");
    }
    return new KubectlRun(process.exitValue(), output);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void awaitListening(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("openssl s_server did not listen on 127.0.0.1:" + port);
  }
}
