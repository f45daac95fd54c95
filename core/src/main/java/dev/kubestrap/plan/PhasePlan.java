package dev.kubestrap.plan;

import java.util.List;
import java.util.Objects;

/** One phase of a plan: the hosts that take part in it, each with its ordered actions. */
public record PhasePlan(Phase phase, List<HostPlan> hosts) {
  public PhasePlan {
    Objects.requireNonNull(phase, "phase");
    hosts = List.copyOf(hosts);
  }

  public int actionCount() {
    return hosts.stream().mapToInt(h -> h.actions().size()).sum();
  }
}
