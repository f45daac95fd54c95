package dev.kubestrap.kubeconfig;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A {@code contexts} entry. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NamedContext(String name, Context context, @JsonAnySetter @JsonAnyGetter Map<String, Object> other)
    implements Named {
  public NamedContext {
    Names.check("context name", name);
    other = Values.map(other);
  }

  public NamedContext(String name, Context context) {
    this(name, context, null);
  }
}
