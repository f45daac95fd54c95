package dev.kubestrap.kubeconfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merging by entry name, as {@code kubectl config set-cluster/set-credentials/set-context} edit a file. */
final class KubeconfigMerge {
  private KubeconfigMerge() {}

  static Kubeconfig merge(Kubeconfig existing, Kubeconfig incoming, CurrentContext policy) {
    String currentContext = switch (policy) {
      case FROM_INCOMING -> incoming.currentContext() != null ? incoming.currentContext() : existing.currentContext();
      case KEEP_EXISTING -> existing.currentContext() != null ? existing.currentContext() : incoming.currentContext();
      case UNCHANGED -> existing.currentContext();
    };
    Map<String, Object> other = new LinkedHashMap<>(existing.other());
    other.putAll(incoming.other());
    Map<String, Object> preferences = existing.preferences().isEmpty() ? incoming.preferences() : existing.preferences();
    return new Kubeconfig(existing.apiVersion(), existing.kind(),
        byName(existing.clusters(), incoming.clusters()),
        byName(existing.users(), incoming.users()),
        byName(existing.contexts(), incoming.contexts()),
        currentContext, preferences,
        byName(existing.extensions(), incoming.extensions()),
        other);
  }

  private static <T extends Named> List<T> byName(List<T> existing, List<T> incoming) {
    List<T> out = new ArrayList<>(existing);
    incoming.forEach(entry -> put(out, entry));
    return out;
  }

  /** Replaces the entry with the same name in place, or appends. */
  static <T extends Named> void put(List<T> entries, T entry) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).name().equals(entry.name())) {
        entries.set(i, entry);
        return;
      }
    }
    entries.add(entry);
  }
}
