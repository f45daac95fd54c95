package dev.kubestrap.cluster;

import dev.kubestrap.apply.ApplyEvent;
import dev.kubestrap.verify.VerificationEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Every {@link ClusterEvent} of a {@link Cluster} as one line on the logger {@value #NAME}, whatever listener is
 * set, so that an apply reports its progress with none: the apply, each phase, each host of a phase, every step that
 * changed something, cluster-level steps, API objects, reset steps and verification at INFO; steps started, bytes
 * sent and steps skipped (the host already as wanted) at DEBUG; failures, warnings and timeouts at WARN. Silence it
 * by setting that logger's level in your logging configuration.
 */
final class ProgressLog {
  /** The logger's name. */
  static final String NAME = "dev.kubestrap.progress";

  private final Logger log;

  ProgressLog(Logger log) {
    this.log = log;
  }

  static ProgressLog standard() {
    return new ProgressLog(LoggerFactory.getLogger(NAME));
  }

  void log(ClusterEvent event) {
    Level level = level(event);
    if (!log.isEnabledForLevel(level)) {
      return;
    }
    String line = event.describe();
    switch (level) {
      case WARN -> log.warn(line);
      case INFO -> log.info(line);
      default -> log.debug(line);
    }
  }

  static Level level(ClusterEvent event) {
    if (event instanceof ClusterEvent.HostProgress progress) {
      ApplyEvent step = progress.event();
      if (step instanceof ApplyEvent.ActionFailed || step instanceof ApplyEvent.Warning
          || step instanceof ApplyEvent.ApplyFinished finished && !finished.succeeded()) {
        return Level.WARN;
      }
      if (step instanceof ApplyEvent.ActionStarted || step instanceof ApplyEvent.BytesSent
          || step instanceof ApplyEvent.ActionSkipped) {
        return Level.DEBUG;
      }
      return Level.INFO;
    }
    if (event instanceof ClusterEvent.Verification verification
        && verification.event().stage() == VerificationEvent.Stage.TIMED_OUT) {
      return Level.WARN;
    }
    return Level.INFO;
  }
}
