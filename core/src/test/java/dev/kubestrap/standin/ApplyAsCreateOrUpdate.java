package dev.kubestrap.standin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the API server stand-in does with a server-side-apply PATCH, which fabric8's mock server cannot process:
 * create the object when it is missing; leave it untouched (same resourceVersion) when every applied field already
 * has the applied value; otherwise replace it with the applied object at the live resourceVersion. Field ownership
 * and merging of lists by key are not emulated.
 */
final class ApplyAsCreateOrUpdate {
  private ApplyAsCreateOrUpdate() {}

  /** Whether the applied object would change nothing in {@code live}. */
  @SuppressWarnings("unchecked")
  static boolean unchanged(Map<String, Object> applied, Map<String, Object> live) {
    for (Map.Entry<String, Object> field : applied.entrySet()) {
      String key = field.getKey();
      if (key.equals("status")) {
        continue;
      }
      if (key.equals("metadata")) {
        Map<String, Object> wanted = (Map<String, Object>) field.getValue();
        Map<String, Object> current = (Map<String, Object>) live.getOrDefault("metadata", Map.of());
        for (String meta : new String[] {"labels", "annotations"}) {
          if (wanted.containsKey(meta) && !Objects.equals(wanted.get(meta), current.get(meta))) {
            return false;
          }
        }
      } else if (!Objects.equals(field.getValue(), live.get(key))) {
        return false;
      }
    }
    return true;
  }

  /** The applied object carrying the live object's resourceVersion, ready for a PUT. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> replacement(Map<String, Object> applied, Map<String, Object> live) {
    Map<String, Object> result = new LinkedHashMap<>(applied);
    Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) applied.getOrDefault("metadata", Map.of()));
    Map<String, Object> liveMetadata = (Map<String, Object>) live.getOrDefault("metadata", Map.of());
    metadata.put("resourceVersion", liveMetadata.get("resourceVersion"));
    result.put("metadata", metadata);
    return result;
  }

  /** The collection path of an object path: {@code /api/v1/namespaces/x/configmaps/y} → {@code …/configmaps}. */
  static String collectionOf(String objectPath) {
    return objectPath.substring(0, objectPath.lastIndexOf('/'));
  }
}
