package dev.kubestrap.kubeconfig;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** A context: which cluster, as which user, in which namespace (none by default). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"cluster", "user", "namespace", "extensions"})
public record Context(String cluster, String user, String namespace, List<NamedExtension> extensions,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> other) {
  public Context {
    extensions = Values.list(extensions);
    other = Values.map(other);
  }

  public Context(String cluster, String user) {
    this(cluster, user, null, null, null);
  }
}
