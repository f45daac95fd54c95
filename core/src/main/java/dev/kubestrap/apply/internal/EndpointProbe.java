package dev.kubestrap.apply.internal;

import dev.kubestrap.pki.Pem;
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
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
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

  private SSLContext sslContext() throws IOException {
    try {
      TrustManager[] trust = check.caFile().isPresent() ? trusting(read(check.caFile().get()))
          : new TrustManager[] {UnverifiedLoopbackServer.INSTANCE};
      KeyManagerFactory keys = null;
      if (check.certFile().isPresent()) {
        String certFile = check.certFile().get();
        String keyFile = check.keyFile().orElseThrow();
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("client", Pem.readPrivateKey(read(keyFile), keyFile), new char[0],
            Pem.readCertificates(read(certFile), certFile).toArray(X509Certificate[]::new));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("setting up TLS for " + check.url() + " failed: " + e.getMessage(), e);
    }
  }

  private static TrustManager[] trusting(String caPem) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    List<X509Certificate> cas = Pem.readCertificates(caPem, "CA file");
    for (int i = 0; i < cas.size(); i++) {
      store.setCertificateEntry("ca-" + i, cas.get(i));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
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
   * make their own): the probe asks whether it answers, not who it is.
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
