package dev.kubestrap.verify;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The API server answers {@code GET /readyz} with {@code ok}: it is serving, and its own checks
 * (etcd, informers, post-start hooks) pass. When it is not ready, the last state carries the
 * body, which names the failing checks ({@code [-]etcd failed: ...}).
 *
 * @param share the weight of this check in the verifier's timeout
 */
public record ApiServerReadyCheck(double share) implements Check {
  private static final long REQUEST_TIMEOUT_SECONDS = 10;

  public ApiServerReadyCheck {
    ClusterVerifier.requirePositiveShare(share);
  }

  @Override
  public String description() {
    return "the API server to be ready (/readyz)";
  }

  /** {@code <master URL>/readyz}, keeping any path prefix of the master URL (an API proxy, say). */
  static URI readyzUri(KubernetesClient client) {
    String base = client.getMasterUrl().toString();
    return URI.create(base.endsWith("/") ? base + "readyz" : base + "/readyz");
  }

  @Override
  public CheckState poll(KubernetesClient client) {
    HttpClient http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder()
        .uri(readyzUri(client))
        .timeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .build();
    try {
      HttpResponse<String> response = http.sendAsync(request, String.class)
          .get(REQUEST_TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
      String body = response.body() == null ? "" : response.body().strip().replaceAll("\\s*\\n\\s*", " | ");
      if (response.code() == 200 && body.equals("ok")) {
        return CheckState.satisfied("/readyz ok");
      }
      return CheckState.waiting("/readyz answered HTTP " + response.code() + ": " + (body.isEmpty() ? "(empty)" : body));
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      return CheckState.waiting("/readyz not answered: " + cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VerificationException("verify interrupted while waiting for " + description(), e);
    }
  }
}
