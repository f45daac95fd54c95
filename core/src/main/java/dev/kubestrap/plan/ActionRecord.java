package dev.kubestrap.plan;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The recorded form of one action: where it sits in the plan and its secret-free attributes (paths,
 * modes, SHA-256 digests, commands), never file contents.
 */
public record ActionRecord(Phase phase, String host, String kind, String subject, SortedMap<String, String> attributes) {
  public ActionRecord {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(attributes, "attributes")));
  }

  public static ActionRecord of(Phase phase, HostId host, Action action) {
    return new ActionRecord(phase, host.name(), action.kind(), action.subject(), action.attributes());
  }

  /** Identifies the action on its host, as {@link Action#key()}. */
  public String key() {
    return kind + ":" + subject;
  }

  /** Attributes as a plain map view, for callers that do not care about order. */
  public Map<String, String> attributeMap() {
    return attributes;
  }
}
