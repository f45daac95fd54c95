package dev.kubestrap.cluster.internal;

import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.pki.TlsContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * Waits until an apiserver answers {@code GET /readyz} with 200, from this machine, verifying its certificate with
 * the cluster CA and checking that it names the address of {@code server} (the HTTP client's host check);
 * {@code /readyz} is open to anonymous requests (the apiserver's authentication config).
 */
final class ApiServerReadiness {
  private ApiServerReadiness() {}

  static void await(URI server, X509Certificate ca, Duration timeout) {
    // HTTP/1.1: an apiserver shutting down for its restart sends HTTP/2 GOAWAY, after which Java 17's client kept
    // failing every request on that connection instead of opening a new one, so the new apiserver was never asked
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(TlsContext.builder().addTrustedCertificate(ca).build().sslContext())
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(server.resolve("/readyz")).timeout(Duration.ofSeconds(10)).GET()
        .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (true) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body().strip();
      } catch (java.io.IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterException("interrupted while waiting for " + server + "/readyz", e);
      }
      if (System.nanoTime() > deadline) {
        throw new ClusterException(server + "/readyz did not answer 200 within " + timeout.toSeconds() + " s; last: "
            + last);
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterException("interrupted while waiting for " + server + "/readyz", e);
      }
    }
  }
}
