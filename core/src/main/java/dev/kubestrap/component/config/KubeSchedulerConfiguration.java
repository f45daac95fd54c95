package dev.kubestrap.component.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration} (not the seed's removed v1alpha1). */
@JsonPropertyOrder({"apiVersion", "kind"})
public record KubeSchedulerConfiguration(
    @JsonProperty("apiVersion") String apiVersion,
    @JsonProperty("kind") String kind,
    @JsonProperty("clientConnection") ClientConnection clientConnection,
    @JsonProperty("leaderElection") LeaderElection leaderElection) {

  public static final String API_VERSION = "kubescheduler.config.k8s.io/v1";
  public static final String KIND = "KubeSchedulerConfiguration";

  /** {@code leaderElection}. */
  public record LeaderElection(@JsonProperty("leaderElect") boolean leaderElect) {}
}
