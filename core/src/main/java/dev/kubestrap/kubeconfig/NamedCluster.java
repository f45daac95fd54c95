package dev.kubestrap.kubeconfig;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A {@code clusters} entry. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NamedCluster(String name, KubeconfigCluster cluster, @JsonAnySetter @JsonAnyGetter Map<String, Object> other)
    implements Named {
  public NamedCluster {
    Names.check("cluster name", name);
    other = Values.map(other);
  }

  public NamedCluster(String name, KubeconfigCluster cluster) {
    this(name, cluster, null);
  }
}
