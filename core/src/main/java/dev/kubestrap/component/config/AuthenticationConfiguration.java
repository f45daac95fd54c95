package dev.kubestrap.component.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code apiserver.config.k8s.io/v1 AuthenticationConfiguration}, the file of kube-apiserver's
 * {@code --authentication-config}; kubestrap uses only its anonymous authenticator. Stable since Kubernetes 1.34
 * (KEP-4633), so it serves every supported minor.
 */
@JsonPropertyOrder({"apiVersion", "kind"})
public record AuthenticationConfiguration(
    @JsonProperty("apiVersion") String apiVersion,
    @JsonProperty("kind") String kind,
    @JsonProperty("anonymous") Anonymous anonymous) {

  public static final String API_VERSION = "apiserver.config.k8s.io/v1";
  public static final String KIND = "AuthenticationConfiguration";
  /** The paths load balancers and probes read without credentials. */
  public static final List<String> HEALTH_PATHS = List.of("/livez", "/readyz", "/healthz");

  /** The anonymous authenticator: on only for requests whose path is exactly one of {@code conditions}. */
  @JsonPropertyOrder({"enabled", "conditions"})
  public record Anonymous(@JsonProperty("enabled") boolean enabled,
      @JsonProperty("conditions") List<Condition> conditions) {}

  /** One path for which anonymous requests authenticate (an exact, case-sensitive match). */
  public record Condition(@JsonProperty("path") String path) {}

  /** Anonymous access to the health endpoints only: everything else needs credentials. */
  public static AuthenticationConfiguration anonymousHealthOnly() {
    return new AuthenticationConfiguration(API_VERSION, KIND,
        new Anonymous(true, HEALTH_PATHS.stream().map(Condition::new).toList()));
  }
}
