package dev.kubestrap.addons.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a live object already holds everything a desired object asks for. Both sides are
 * the generic JSON trees (maps, lists, scalars) of the objects. Fields only the live side has, such
 * as {@code status}, {@code resourceVersion} or server defaults, do not count as differences;
 * lists must have the same length with each desired element contained in the live one at the same
 * position.
 */
public final class LiveState {
  private LiveState() {}

  public static boolean contains(Object live, Object desired) {
    if (desired instanceof Map<?, ?> desiredMap) {
      if (!(live instanceof Map<?, ?> liveMap)) {
        return false;
      }
      for (Map.Entry<?, ?> entry : desiredMap.entrySet()) {
        if (entry.getValue() != null && !contains(liveMap.get(entry.getKey()), entry.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (desired instanceof List<?> desiredList) {
      if (!(live instanceof List<?> liveList) || liveList.size() != desiredList.size()) {
        return false;
      }
      for (int i = 0; i < desiredList.size(); i++) {
        if (!contains(liveList.get(i), desiredList.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(normalize(live), normalize(desired));
  }

  /** JSON numbers may come back as Integer or Long depending on size; compare them by value. */
  private static Object normalize(Object scalar) {
    if (scalar instanceof Number number && !(scalar instanceof Double) && !(scalar instanceof Float)) {
      return number.longValue();
    }
    return scalar;
  }
}
