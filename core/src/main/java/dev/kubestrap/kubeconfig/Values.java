package dev.kubestrap.kubeconfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-tolerant defensive copies: absent lists and maps in a file become empty ones. */
final class Values {
  private Values() {}

  static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** Keeps insertion order and null values, which YAML allows and {@code Map.copyOf} does not. */
  static Map<String, Object> map(Map<String, Object> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
