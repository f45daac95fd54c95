package dev.kubestrap.standin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The API server stand-in's link to etcd: an HTTPS {@code GET /health} to each {@code --etcd-servers} endpoint with
 * the {@code --etcd-certfile}/{@code --etcd-keyfile} client certificate, trusting only {@code --etcd-cafile}. etcd
 * refuses the handshake unless the client certificate is signed by its client CA.
 */
final class EtcdProbe {
  private final List<URI> endpoints;
  private final HttpClient http;

  EtcdProbe(String servers, SSLContext tls) {
    this.endpoints = Arrays.stream(servers.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(URI::create).toList();
    this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(3)).build();
  }

  /** {@code null} when some endpoint reports {@code "health":"true"}, else what each endpoint answered. */
  String problem() {
    StringBuilder problems = new StringBuilder();
    for (URI endpoint : endpoints) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/health"))
            .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().replace(" ", "").contains("\"health\":\"true\"")) {
          return null;
        }
        problems.append(endpoint).append(": HTTP ").append(response.statusCode()).append(' ')
            .append(response.body().strip()).append("; ");
      } catch (IOException e) {
        problems.append(endpoint).append(": ").append(e).append("; ");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    return endpoints.isEmpty() ? "no etcd endpoints" : problems.toString();
  }

  /** Waits up to {@code patience} for a healthy endpoint. */
  void await(String program, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    String problem = problem();
    while (problem != null && System.nanoTime() < deadline) {
      ApiConnection.sleep(Duration.ofSeconds(1));
      problem = problem();
    }
    if (problem != null) {
      throw new StandInRefusal(program, "etcd is not reachable over TLS with the --etcd-* files: " + problem);
    }
  }
}
