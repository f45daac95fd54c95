package dev.kubestrap.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between a previous plan and the current one, per host. Computed from the plans'
 * records, so it works against the last applied plan read back from disk. File contents are compared by
 * digest and reported as "content changed", never shown.
 */
public record PlanDiff(List<PlanChange> changes) {
  public PlanDiff {
    changes = List.copyOf(changes);
  }

  /** Compares {@code previous} with {@code current}; hosts and actions keep the current plan's order. */
  public static PlanDiff between(PlanRecord previous, PlanRecord current) {
    Map<String, ActionRecord> before = index(previous);
    Map<String, ActionRecord> after = index(current);
    List<PlanChange> changes = new ArrayList<>();
    for (Map.Entry<String, ActionRecord> entry : after.entrySet()) {
      ActionRecord now = entry.getValue();
      ActionRecord then = before.get(entry.getKey());
      if (then == null) {
        changes.add(new PlanChange(now.host(), now.phase(), PlanChange.Type.ADDED, now.key(), ""));
      } else {
        String detail = describeChange(then, now);
        if (!detail.isEmpty()) {
          changes.add(new PlanChange(now.host(), now.phase(), PlanChange.Type.CHANGED, now.key(), detail));
        }
      }
    }
    for (Map.Entry<String, ActionRecord> entry : before.entrySet()) {
      if (!after.containsKey(entry.getKey())) {
        ActionRecord gone = entry.getValue();
        changes.add(new PlanChange(gone.host(), gone.phase(), PlanChange.Type.REMOVED, gone.key(), ""));
      }
    }
    return new PlanDiff(changes);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** The changes of one host. */
  public List<PlanChange> forHost(String host) {
    return changes.stream().filter(c -> c.host().equals(host)).toList();
  }

  /** Changes grouped by host, hosts in order of first change. */
  public Map<String, List<PlanChange>> byHost() {
    Map<String, List<PlanChange>> byHost = new LinkedHashMap<>();
    for (PlanChange change : changes) {
      byHost.computeIfAbsent(change.host(), h -> new ArrayList<>()).add(change);
    }
    return byHost;
  }

  /** A readable listing: one block per host, one line per change; "no changes" when empty. */
  @Override
  public String toString() {
    if (changes.isEmpty()) {
      return "no changes\n";
    }
    StringBuilder text = new StringBuilder();
    byHost().forEach((host, hostChanges) -> {
      text.append(host).append(":\n");
      hostChanges.forEach(change -> text.append("  ").append(change).append('\n'));
    });
    return text.toString();
  }

  private static Map<String, ActionRecord> index(PlanRecord record) {
    Map<String, ActionRecord> index = new LinkedHashMap<>();
    for (ActionRecord action : record.actions()) {
      index.putIfAbsent(action.host() + "\u0000" + action.key(), action);
    }
    return index;
  }

  private static String describeChange(ActionRecord then, ActionRecord now) {
    List<String> parts = new ArrayList<>();
    if (then.phase() != now.phase()) {
      parts.add("phase " + then.phase().label() + " -> " + now.phase().label());
    }
    Set<String> names = new TreeSet<>(then.attributes().keySet());
    names.addAll(now.attributes().keySet());
    for (String name : names) {
      String a = then.attributes().getOrDefault(name, "");
      String b = now.attributes().getOrDefault(name, "");
      if (Objects.equals(a, b)) {
        continue;
      }
      if (name.equals("sha256")) {
        parts.add("content changed");
      } else if (!name.equals("size")) {
        parts.add(name + " " + (a.isEmpty() ? "(none)" : a) + " -> " + (b.isEmpty() ? "(none)" : b));
      }
    }
    return String.join(", ", parts);
  }
}
