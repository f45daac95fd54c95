package dev.kubestrap.cluster;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.kubestrap.pki.CertificateAuthority;
import dev.kubestrap.pki.CertifiedKey;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.pki.KeyAlgorithm;
import dev.kubestrap.pki.Pem;
import dev.kubestrap.pki.TlsContext;
import dev.kubestrap.transport.Tunnel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Test-only stand-in for a component's loopback health endpoint on a {@link StandInHost}: a local server that answers
 * every GET with 200, serving TLS the way the component would, with the files apply placed in the host's root: etcd
 * (2379) with its server certificate and requiring a client certificate from the etcd CA, the kubelet (10248) and
 * kube-proxy (10256) plain HTTP, kube-controller-manager (10257) and kube-scheduler (10259) a self-signed
 * certificate, anything else the API server's certificate. So a health wait passes only when the placed
 * certificates, keys and CAs fit together, as the real components would require.
 */
final class StandInEndpoint implements Tunnel {
  private final HttpServer server;

  private StandInEndpoint(HttpServer server) {
    this.server = server;
  }

  static StandInEndpoint serve(Path root, int port) {
    try {
      InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      HttpServer server;
      if (port == 10248 || port == 10256) {
        server = HttpServer.create(loopback, 0);
      } else {
        HttpsServer https = HttpsServer.create(loopback, 0);
        boolean etcd = port == 2379;
        SSLContext tls = port == 10257 || port == 10259 ? selfSigned()
            : etcd ? context(certificate(root.resolve("opt/etcd"), "etcd-server-*.pem"), root.resolve("opt/etcd/etcd-ca.pem"))
            : context(certificate(root.resolve("opt/kube-apiserver"), "kube-apiserver.pem"), null);
        https.setHttpsConfigurator(new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
            parameters.setNeedClientAuth(etcd);
            params.setSSLParameters(parameters);
          }
        });
        server = https;
      }
      server.createContext("/", exchange -> {
        byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
      return new StandInEndpoint(server);
    } catch (IOException e) {
      throw new IllegalStateException("stand-in endpoint for port " + port + " in " + root + ": " + e, e);
    }
  }

  @Override
  public int localPort() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** The first certificate (not a key) in {@code dir} matching {@code glob}, with its key. */
  private static IssuedCertificate certificate(Path dir, String glob) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
      for (Path file : files) {
        if (!file.getFileName().toString().endsWith("-key.pem")) {
          return IssuedCertificate.load(file, file.resolveSibling(file.getFileName().toString().replace(".pem", "-key.pem")));
        }
      }
    }
    throw new IOException("no " + glob + " in " + dir);
  }

  private static SSLContext selfSigned() {
    return context(CertificateAuthority.selfSigned("stand-in loopback component").keyAlgorithm(KeyAlgorithm.ECDSA_P256)
        .build(), null);
  }

  private static SSLContext context(CertifiedKey served, Path clientCa) {
    TlsContext.Builder tls = TlsContext.builder().identity(served);
    if (clientCa != null) {
      tls.addTrustedCertificate(Pem.readCertificate(clientCa));
    }
    return tls.build().sslContext();
  }
}
