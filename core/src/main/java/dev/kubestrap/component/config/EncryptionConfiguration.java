package dev.kubestrap.component.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * {@code apiserver.config.k8s.io/v1 EncryptionConfiguration} (not the seed's legacy
 * {@code EncryptionConfig}). {@link #toString()} leaves the keys out.
 */
@JsonPropertyOrder({"apiVersion", "kind"})
public record EncryptionConfiguration(
    @JsonProperty("apiVersion") String apiVersion,
    @JsonProperty("kind") String kind,
    @JsonProperty("resources") List<ResourceConfiguration> resources) {

  public static final String API_VERSION = "apiserver.config.k8s.io/v1";
  public static final String KIND = "EncryptionConfiguration";

  /** Encrypts {@code resources} with the first provider; later providers still decrypt. */
  @JsonPropertyOrder({"resources", "providers"})
  public record ResourceConfiguration(
      @JsonProperty("resources") List<String> resources,
      @JsonProperty("providers") List<Map<String, Object>> providers) {}

  /** A provider's keys, e.g. the body of {@code secretbox:}. */
  public record Keys(@JsonProperty("keys") List<Key> keys) {}

  /** A named base64 key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Key(@JsonProperty("name") String name, @JsonProperty("secret") String secret) {
    @Override
    public String toString() {
      return "Key[name=" + name + ", secret=redacted]";
    }
  }

  @Override
  public String toString() {
    return "EncryptionConfiguration[" + resources.size() + " resource groups, keys redacted]";
  }
}
