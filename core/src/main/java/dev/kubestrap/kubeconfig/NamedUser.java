package dev.kubestrap.kubeconfig;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A {@code users} entry. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NamedUser(String name, User user, @JsonAnySetter @JsonAnyGetter Map<String, Object> other)
    implements Named {
  public NamedUser {
    Names.check("user name", name);
    other = Values.map(other);
  }

  public NamedUser(String name, User user) {
    this(name, user, null);
  }
}
