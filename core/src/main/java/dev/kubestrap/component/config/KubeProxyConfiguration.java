package dev.kubestrap.component.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration}: the fields kubestrap sets. */
@JsonPropertyOrder({"apiVersion", "kind"})
public record KubeProxyConfiguration(
    @JsonProperty("apiVersion") String apiVersion,
    @JsonProperty("kind") String kind,
    @JsonProperty("clientConnection") ClientConnection clientConnection,
    @JsonProperty("clusterCIDR") String clusterCidr,
    @JsonProperty("conntrack") Conntrack conntrack,
    @JsonProperty("hostnameOverride") String hostnameOverride,
    @JsonProperty("mode") String mode) {

  public static final String API_VERSION = "kubeproxy.config.k8s.io/v1alpha1";
  public static final String KIND = "KubeProxyConfiguration";

  /** {@code conntrack}: {@code maxPerCore: 0} leaves the kernel's conntrack table size as it is. */
  public record Conntrack(@JsonProperty("maxPerCore") Integer maxPerCore) {}
}
