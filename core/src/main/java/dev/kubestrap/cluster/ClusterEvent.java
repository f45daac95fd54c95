package dev.kubestrap.cluster;

import dev.kubestrap.addons.AddonEvent;
import dev.kubestrap.apply.ApplyEvent;
import dev.kubestrap.io.DirectoryLock;
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

  /**
   * The state directory's lock was taken over from a process that ended while holding it (a crash, {@code kill
   * -9}, a power cut): its run may have been cut short. Restarts it owed are in the journal and done by the next
   * apply.
   */
  record StaleLockTakenOver(java.nio.file.Path stateDir, DirectoryLock.Holder previous) implements ClusterEvent {
    @Override
    public String describe() {
      return "[state] took over the lock of " + stateDir + " from " + previous.describe()
          + ", which ended without giving it back";
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
      String state = event.state().isEmpty() ? "" : ": " + event.state();
      return "[verify] " + event.check() + " " + event.stage().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
          + " after " + event.elapsed().toSeconds() + " s" + state;
    }
  }
}
