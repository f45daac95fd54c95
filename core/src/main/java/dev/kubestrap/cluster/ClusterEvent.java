package dev.kubestrap.cluster;

import dev.kubestrap.addons.AddonEvent;
import dev.kubestrap.apply.ApplyEvent;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.verify.VerificationEvent;

/** Progress of a {@link Cluster} operation, as its {@link ClusterListener} receives it. */
public sealed interface ClusterEvent {

  /** One line for a log or a progress display. */
  String describe();

  /** A host-level step of an apply: phase, host and action started, finished, skipped, failed, bytes sent. */
  record HostProgress(ApplyEvent event) implements ClusterEvent {
    @Override
    public String describe() {
      return ApplyEvents.describe(event);
    }
  }

  /** One API object of cluster RBAC or an add-on was applied (created, updated or already as wanted). */
  record ObjectApplied(Phase phase, AddonEvent event) implements ClusterEvent {
    @Override
    public String describe() {
      return "[" + phase.label() + "] " + event;
    }
  }

  /** A reset step on a host: a unit stopped, a path removed, units reloaded. */
  record ResetStep(HostId host, String step) implements ClusterEvent {
    @Override
    public String describe() {
      return "[reset] " + host + ": " + step;
    }
  }

  /** A day-2 operation's plan, a check passed, a step started or what a step did. */
  record OperationProgress(String line) implements ClusterEvent {
    @Override
    public String describe() {
      return line;
    }
  }

  /** Progress of {@link Cluster#verify(java.time.Duration)}. */
  record Verification(VerificationEvent event) implements ClusterEvent {
    @Override
    public String describe() {
      return "[verify] " + event;
    }
  }
}
