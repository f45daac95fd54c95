package dev.kubestrap.component.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** {@code audit.k8s.io/v1 Policy}, the apiserver's {@code --audit-policy-file}. */
@JsonPropertyOrder({"apiVersion", "kind"})
public record AuditPolicy(
    @JsonProperty("apiVersion") String apiVersion,
    @JsonProperty("kind") String kind,
    @JsonProperty("omitStages") List<String> omitStages,
    @JsonProperty("rules") List<Rule> rules) {

  public static final String API_VERSION = "audit.k8s.io/v1";
  public static final String KIND = "Policy";

  /** One rule; the first matching rule sets the level. */
  @JsonPropertyOrder({"level"})
  public record Rule(
      @JsonProperty("level") String level,
      @JsonProperty("users") List<String> users,
      @JsonProperty("verbs") List<String> verbs,
      @JsonProperty("resources") List<GroupResources> resources,
      @JsonProperty("nonResourceURLs") List<String> nonResourceUrls) {}

  /** Resources of one API group ({@code ""} is the core group). */
  public record GroupResources(
      @JsonProperty("group") String group, @JsonProperty("resources") List<String> resources) {}

  /**
   * kubestrap's policy: no events for health probes and kube-proxy's watches; Secrets, ConfigMaps and
   * token reviews at Metadata only, so their contents never reach the log; everything else at Metadata.
   */
  public static AuditPolicy standard() {
    return new AuditPolicy(API_VERSION, KIND, List.of("RequestReceived"), List.of(
        new Rule("None", null, null, null, List.of("/healthz*", "/livez*", "/readyz*", "/version")),
        new Rule("None", List.of("system:kube-proxy"), List.of("watch"),
            List.of(new GroupResources("", List.of("endpoints", "services", "services/status")),
                new GroupResources("discovery.k8s.io", List.of("endpointslices"))), null),
        new Rule("Metadata", null, null,
            List.of(new GroupResources("", List.of("secrets", "configmaps")),
                new GroupResources("authentication.k8s.io", List.of("tokenreviews"))), null),
        new Rule("Metadata", null, null, null, null)));
  }
}
