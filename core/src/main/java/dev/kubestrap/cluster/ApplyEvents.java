package dev.kubestrap.cluster;

import dev.kubestrap.apply.ApplyEvent;

/** One-line text of the executor's events, for {@link ClusterEvent.HostProgress#describe()}. */
final class ApplyEvents {
  private ApplyEvents() {}

  static String describe(ApplyEvent event) {
    if (event instanceof ApplyEvent.ApplyStarted e) {
      return "apply " + e.cluster() + " to " + e.hosts() + " (" + e.concurrency() + " at a time)";
    } else if (event instanceof ApplyEvent.PhaseStarted e) {
      return "[" + e.phase().label() + "] started on " + e.hosts();
    } else if (event instanceof ApplyEvent.HostStarted e) {
      return "[" + e.phase().label() + "] " + e.host() + ": started";
    } else if (event instanceof ApplyEvent.ActionStarted e) {
      return "[" + e.phase().label() + "] " + e.host() + ": " + e.action().describe();
    } else if (event instanceof ApplyEvent.BytesSent e) {
      return "[" + e.phase().label() + "] " + e.host() + ": sent " + e.bytes() + " bytes to " + e.path();
    } else if (event instanceof ApplyEvent.ActionFinished e) {
      return "[" + e.phase().label() + "] " + e.host() + ": " + e.outcome().name().toLowerCase(java.util.Locale.ROOT)
          + " " + e.action().subject() + " in " + e.took().toMillis() + " ms";
    } else if (event instanceof ApplyEvent.ActionSkipped e) {
      return "[" + e.phase().label() + "] " + e.host() + ": skipped " + e.action().subject() + " (" + e.reason() + ")";
    } else if (event instanceof ApplyEvent.ActionFailed e) {
      return "[" + e.phase().label() + "] " + e.host() + ": FAILED " + e.action().subject() + ": " + e.reason();
    } else if (event instanceof ApplyEvent.Warning e) {
      return "[" + e.phase().label() + "] " + e.host() + ": warning for " + e.action().subject() + ": " + e.message();
    } else if (event instanceof ApplyEvent.HostFinished e) {
      return "[" + e.phase().label() + "] " + e.host() + ": " + (e.completed() ? "done" : "stopped")
          + " in " + e.took().toMillis() + " ms";
    } else if (event instanceof ApplyEvent.ClusterStepStarted e) {
      return "[" + e.phase().label() + "] " + e.description();
    } else if (event instanceof ApplyEvent.ClusterStepFinished e) {
      return "[" + e.phase().label() + "] " + e.description() + ": done in " + e.took().toMillis() + " ms";
    } else if (event instanceof ApplyEvent.PhaseFinished e) {
      return "[" + e.phase().label() + "] " + (e.completed() ? "finished" : "stopped") + " in " + e.took().toMillis() + " ms";
    } else if (event instanceof ApplyEvent.ApplyFinished e) {
      return "apply " + (e.succeeded() ? "succeeded" : "failed") + " in " + e.took().toMillis() + " ms";
    }
    return event.toString();
  }
}
