package dev.kubestrap.apply.internal;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.kubestrap.pki.TlsContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Test-only HTTPS server on 127.0.0.1 serving with a {@link TlsContext}: every GET is answered {@code 200 ok}, and the
 * subject of the client certificate of the last request is kept. For the tests of the probes that verify servers.
 */
public final class LoopbackHttps implements AutoCloseable {
  private final HttpsServer server;
  private volatile String lastClient = "no request";

  private LoopbackHttps(HttpsServer server) {
    this.server = server;
  }

  /** Serves with {@code tls}; with {@code needClientCertificate} a client without one is refused in the handshake. */
  public static LoopbackHttps serve(TlsContext tls, boolean needClientCertificate) {
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
          parameters.setNeedClientAuth(needClientCertificate);
          params.setSSLParameters(parameters);
        }
      });
      LoopbackHttps https = new LoopbackHttps(server);
      server.createContext("/", exchange -> {
        try {
          https.lastClient = ((X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0])
              .getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException e) {
          https.lastClient = "none";
        }
        byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
      return https;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI url(String path) {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The subject of the certificate the last client presented, {@code none}, or {@code no request}. */
  public String lastClient() {
    return lastClient;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
