package dev.kubestrap.addons.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Labels shared by every object kubestrap creates. */
public final class Labels {
  /** Marks an object as created by kubestrap, so it can be told apart from the user's. */
  public static final String MANAGED_BY_KEY = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY_VALUE = "kubestrap";

  private Labels() {}

  /** {@code labels} plus the managed-by label, in insertion order. */
  public static Map<String, String> managed(String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("keyValues must come in pairs: " + keyValues.length);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      labels.put(keyValues[i], keyValues[i + 1]);
    }
    labels.put(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    return labels;
  }
}
