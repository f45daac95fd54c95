package dev.kubestrap.plan;

import dev.kubestrap.KubestrapException;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stable, secret-free form of a {@link ClusterPlan}: every action with its phase, host and
 * attributes, in plan order. It is what the executor keeps as "the last applied plan" and what a later
 * plan is diffed against. The JSON form is deterministic: the same plan always gives the same text.
 */
public record PlanRecord(int format, String cluster, List<ActionRecord> actions) {
  /** The version of the JSON layout written by {@link #toJson()}. */
  public static final int FORMAT = 1;

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public PlanRecord {
    if (format != FORMAT) {
      throw new IllegalArgumentException("plan record format must be " + FORMAT + ": " + format);
    }
    Objects.requireNonNull(cluster, "cluster");
    actions = List.copyOf(actions);
  }

  public static PlanRecord of(String cluster, List<ActionRecord> actions) {
    return new PlanRecord(FORMAT, cluster, actions);
  }

  public String toJson() {
    return JSON.writeValueAsString(this) + "\n";
  }

  public static PlanRecord fromJson(String json) {
    try {
      return JSON.readValue(json, PlanRecord.class);
    } catch (JacksonException e) {
      throw new KubestrapException("cannot read plan record: " + e.getOriginalMessage(), e);
    }
  }
}
