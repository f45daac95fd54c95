package dev.kubestrap.component.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code kubelet.config.k8s.io/v1beta1 KubeletConfiguration}: the fields kubestrap sets. Everything a
 * flag used to carry in the seed (cluster DNS, runtime endpoint, TLS files) lives here, because those
 * flags are deprecated.
 */
@JsonPropertyOrder({"apiVersion", "kind"})
public record KubeletConfiguration(
    @JsonProperty("apiVersion") String apiVersion,
    @JsonProperty("kind") String kind,
    @JsonProperty("authentication") Authentication authentication,
    @JsonProperty("authorization") Authorization authorization,
    @JsonProperty("cgroupDriver") String cgroupDriver,
    @JsonProperty("failCgroupV1") Boolean failCgroupV1,
    @JsonProperty("failSwapOn") Boolean failSwapOn,
    @JsonProperty("memorySwap") MemorySwap memorySwap,
    @JsonProperty("clusterDNS") List<String> clusterDns,
    @JsonProperty("clusterDomain") String clusterDomain,
    @JsonProperty("containerRuntimeEndpoint") String containerRuntimeEndpoint,
    @JsonProperty("healthzBindAddress") String healthzBindAddress,
    @JsonProperty("healthzPort") Integer healthzPort,
    @JsonProperty("registerWithTaints") List<Taint> registerWithTaints,
    @JsonProperty("resolvConf") String resolvConf,
    @JsonProperty("rotateCertificates") Boolean rotateCertificates,
    @JsonProperty("runtimeRequestTimeout") String runtimeRequestTimeout,
    @JsonProperty("tlsCertFile") String tlsCertFile,
    @JsonProperty("tlsPrivateKeyFile") String tlsPrivateKeyFile) {

  public static final String API_VERSION = "kubelet.config.k8s.io/v1beta1";
  public static final String KIND = "KubeletConfiguration";

  /** {@code authentication}: x509 client certificates and webhook token review, anonymous off. */
  @JsonPropertyOrder({"anonymous", "webhook", "x509"})
  public record Authentication(
      @JsonProperty("anonymous") Enabled anonymous,
      @JsonProperty("webhook") Enabled webhook,
      @JsonProperty("x509") X509 x509) {}

  /** A {@code {enabled: bool}} block. */
  public record Enabled(@JsonProperty("enabled") boolean enabled) {}

  /** {@code authentication.x509}. */
  public record X509(@JsonProperty("clientCAFile") String clientCaFile) {}

  /** One of {@code registerWithTaints}. */
  @JsonPropertyOrder({"key", "effect"})
  public record Taint(@JsonProperty("key") String key, @JsonProperty("effect") String effect) {}

  /** {@code memorySwap}: how much swap pods may use ({@code NoSwap} or {@code LimitedSwap}). */
  public record MemorySwap(@JsonProperty("swapBehavior") String swapBehavior) {}

  /** {@code authorization}. */
  public record Authorization(@JsonProperty("mode") String mode) {}
}
