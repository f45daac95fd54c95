package dev.kubestrap.kubeconfig;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A named {@code extensions} entry; its content is kept as read. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NamedExtension(String name, Map<String, Object> extension) implements Named {
  public NamedExtension {
    extension = Values.map(extension);
  }
}
