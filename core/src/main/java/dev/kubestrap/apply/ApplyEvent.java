package dev.kubestrap.apply;

import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Progress of an apply, delivered to an {@link ApplyListener}. For one host, events arrive in the order
 * things happen; events of different hosts of a phase interleave. Every host event of a phase comes
 * after its {@link PhaseStarted} and before its {@link PhaseFinished}.
 */
public sealed interface ApplyEvent {
  Instant time();

  /** What an action did when it finished. */
  enum Outcome {
    /** Content sent, directory created, command run. */
    CHANGED,
    /** Only the mode or owner of an existing file or directory was corrected. */
    MODE_FIXED,
    /** A service was started (it was not running). */
    STARTED,
    /** A service was restarted because an input changed. */
    RESTARTED,
    /** A running service was enabled at boot. */
    ENABLED,
    /** A health check passed. */
    HEALTHY,
    /** A command allowed to fail did fail; see the {@link Warning} before this event. */
    FAILED_ALLOWED
  }

  record ApplyStarted(Instant time, String cluster, List<HostId> hosts, int concurrency) implements ApplyEvent {}

  record PhaseStarted(Instant time, Phase phase, List<HostId> hosts) implements ApplyEvent {}

  record HostStarted(Instant time, Phase phase, HostId host) implements ApplyEvent {}

  record ActionStarted(Instant time, Phase phase, HostId host, Action action) implements ApplyEvent {}

  /** Content bytes went to the host for one path. */
  record BytesSent(Instant time, Phase phase, HostId host, String path, long bytes) implements ApplyEvent {}

  record ActionFinished(Instant time, Phase phase, HostId host, Action action, Outcome outcome, Duration took)
      implements ApplyEvent {}

  /** The host was already as the action describes; nothing was sent or run. */
  record ActionSkipped(Instant time, Phase phase, HostId host, Action action, String reason) implements ApplyEvent {}

  record ActionFailed(Instant time, Phase phase, HostId host, Action action, String reason) implements ApplyEvent {}

  record Warning(Instant time, Phase phase, HostId host, Action action, String message) implements ApplyEvent {}

  /** The host finished the phase, or stopped early because another host failed. */
  record HostFinished(Instant time, Phase phase, HostId host, boolean completed, Duration took)
      implements ApplyEvent {}

  /** A cluster-level step (e.g. RBAC or add-ons through the Kubernetes API) of the phase began. */
  record ClusterStepStarted(Instant time, Phase phase, String description) implements ApplyEvent {}

  record ClusterStepFinished(Instant time, Phase phase, String description, Duration took) implements ApplyEvent {}

  record PhaseFinished(Instant time, Phase phase, boolean completed, Duration took) implements ApplyEvent {}

  record ApplyFinished(Instant time, boolean succeeded, Duration took) implements ApplyEvent {}
}
