package dev.kubestrap.apply.internal;

import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.pki.Pem;
import dev.kubestrap.pki.PkiException;
import dev.kubestrap.pki.TlsContext;
import dev.kubestrap.plan.HealthProbe;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.Tunnel;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Probes a {@link HealthProbe.Endpoint} from the deploying machine: through a {@link Tunnel} of the host's
 * transport to the endpoint's loopback port, with the JDK HTTP client. The CA and client certificate are read
 * from the host through the same transport the first time they are needed (they are files the plan placed) and
 * kept in memory only. Nothing runs on the host. Close it to close the tunnel.
 */
public final class EndpointProbe implements AutoCloseable {
  private final Transport transport;
  private final HealthProbe.Endpoint check;
  private Tunnel tunnel;
  private SSLContext tls;
  private HttpClient client;

  public EndpointProbe(Transport transport, HealthProbe.Endpoint check) {
    this.transport = transport;
    this.check = check;
  }

  /** Empty when the endpoint answered 2xx, otherwise what was seen. */
  public Optional<String> probe(Duration timeout) {
    try {
      if (tls == null) {
        tls = sslContext();
      }
      if (client == null) {
        // HTTP/1.1: a component restarting mid-probe ends an HTTP/2 connection with GOAWAY, which the JDK
        // client then reports for the requests after it; a fresh client after any failure starts clean.
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build();
      }
      if (tunnel == null) {
        tunnel = transport.tunnel(check.url().getPort());
      }
      URI url = URI.create(check.url().getScheme() + "://127.0.0.1:" + tunnel.localPort()
          + check.url().getRawPath() + (check.url().getRawQuery() == null ? "" : "?" + check.url().getRawQuery()));
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        return Optional.empty();
      }
      String body = response.body().strip();
      return Optional.of("HTTP " + response.statusCode()
          + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(300, body.length()))));
    } catch (IOException | RuntimeException e) {
      client = null;
      return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /**
   * Verified against the CA file when there is one (the HTTP client then also checks that the certificate names
   * 127.0.0.1), presenting the client certificate when there is one.
   */
  private SSLContext sslContext() throws IOException {
    TlsContext.Builder tls = TlsContext.builder();
    check.caFile().ifPresent(caFile -> Pem.readCertificates(read(caFile), caFile).forEach(tls::addTrustedCertificate));
    if (check.certFile().isPresent()) {
      String certFile = check.certFile().get();
      String keyFile = check.keyFile().orElseThrow();
      List<X509Certificate> chain = Pem.readCertificates(read(certFile), certFile);
      IssuedCertificate client;
      try {
        client = IssuedCertificate.of(chain.get(0), Pem.readPrivateKey(read(keyFile), keyFile));
      } catch (PkiException e) {
        throw new PkiException(certFile + " with key " + keyFile + ": " + e.getMessage(), e);
      }
      tls.identity(client, chain.subList(1, chain.size()).toArray(X509Certificate[]::new));
    }
    TlsContext context = tls.build();
    if (check.caFile().isPresent()) {
      return context.sslContext();
    }
    try {
      SSLContext unverified = SSLContext.getInstance("TLS");
      unverified.init(new KeyManager[] {context.keyManager()}, new TrustManager[] {UnverifiedLoopbackServer.INSTANCE},
          null);
      return unverified;
    } catch (GeneralSecurityException e) {
      throw new IOException("setting up TLS for " + check.url() + " failed: " + e.getMessage(), e);
    }
  }

  private String read(String hostPath) {
    return new String(transport.get(hostPath), StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    if (tunnel != null) {
      tunnel.close();
    }
  }

  /**
   * Accepts a loopback component's self-signed serving certificate (kube-controller-manager and kube-scheduler
   * make their own, which no file on the host holds): the probe asks whether it answers, not who it is. Used only
   * for an endpoint planned without a CA file; {@link TlsContext} deliberately offers no such trust.
   */
  private static final class UnverifiedLoopbackServer extends X509ExtendedTrustManager {
    static final UnverifiedLoopbackServer INSTANCE = new UnverifiedLoopbackServer();

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw new UnsupportedOperationException("a probe is never a server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("a probe is never a server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("a probe is never a server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
