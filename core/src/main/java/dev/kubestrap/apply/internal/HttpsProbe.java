package dev.kubestrap.apply.internal;

import dev.kubestrap.pki.Pem;
import dev.kubestrap.plan.HealthCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Probes an {@link HealthCheck.Https} from the deploying machine with the JDK HTTP client, trusting
 * only the given CA and presenting the client certificate when one is given (a PEM key in any form
 * {@link Pem} reads: SEC1, PKCS#1 or PKCS#8).
 */
public final class HttpsProbe {
  private final HttpClient client;
  private final HealthCheck.Https check;

  public HttpsProbe(HealthCheck.Https check) {
    this.check = check;
    this.client = HttpClient.newBuilder()
        .sslContext(sslContext(check))
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** Empty when healthy, otherwise what was seen. */
  public java.util.Optional<String> probe(Duration timeout) {
    HttpRequest request = HttpRequest.newBuilder(check.url()).timeout(timeout).GET().build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return java.util.Optional.empty();
      }
      String body = response.body().strip();
      return java.util.Optional.of("HTTP " + response.statusCode()
          + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
    } catch (IOException e) {
      return java.util.Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.of("interrupted");
    }
  }

  private static SSLContext sslContext(HealthCheck.Https check) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate ca : certificates(check.caFile())) {
        trust.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (check.certFile().isPresent()) {
        KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
        keys.load(null, null);
        char[] password = new char[0];
        keys.setKeyEntry("client", Pem.readPrivateKey(check.keyFile().orElseThrow()), password,
            certificates(check.certFile().get()).toArray(Certificate[]::new));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot set up TLS for " + check.url() + ": " + e.getMessage(), e);
    }
  }

  private static Collection<? extends Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
  }
}
