package dev.kubestrap.plan.internal;

import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.BinaryOrigin;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.HostPlan;
import dev.kubestrap.plan.PhasePlan;
import java.util.stream.Collectors;

/**
 * Renders {@link ClusterPlan#summary()}: Markdown that also reads well as plain text. Warnings come first, so a
 * reviewer cannot miss them; then every phase; then where each program comes from and what vouches for it.
 */
public final class PlanSummary {
  private PlanSummary() {}

  public static String render(ClusterPlan plan) {
    StringBuilder text = new StringBuilder();
    text.append("# Plan for cluster ").append(plan.cluster()).append("\n\n");
    text.append(plan.hosts().size()).append(" hosts (")
        .append(plan.hosts().stream().map(HostId::name).collect(Collectors.joining(", ")))
        .append("), ").append(plan.phases().size()).append(" phases, ")
        .append(plan.actionCount()).append(" actions.\n");
    if (!plan.warnings().isEmpty()) {
      text.append("\n## Warnings\n\n");
      plan.warnings().forEach(w -> text.append("- ").append(w).append('\n'));
    }
    for (PhasePlan phase : plan.phases()) {
      text.append("\n## Phase ").append(phase.phase().label()).append("\n");
      for (HostPlan host : phase.hosts()) {
        text.append("\n### ").append(host.host().name())
            .append(" (").append(host.actions().size()).append(" actions)\n\n");
        for (Action action : host.actions()) {
          text.append("    ").append(action.describe()).append('\n');
        }
      }
    }
    if (!plan.origins().isEmpty()) {
      text.append("\n## Programs and their pins\n\n");
      for (BinaryOrigin origin : plan.origins()) {
        text.append("    ").append(origin.describe()).append('\n');
        text.append("      ").append(origin.placement()).append('\n');
      }
    }
    return text.toString();
  }
}
