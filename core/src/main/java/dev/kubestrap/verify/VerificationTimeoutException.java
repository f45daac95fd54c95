package dev.kubestrap.verify;

import dev.kubestrap.verify.internal.Durations;
import java.time.Duration;

/**
 * A {@link Check} was not satisfied within its share of the timeout. The message says what was
 * waited for, for how long, and the last state seen: {@code "verify timed out after 2m waiting for
 * nodes [node] to be Ready; last state: node 'node' Ready=False (KubeletNotReady: ...)"}.
 */
public final class VerificationTimeoutException extends VerificationException {
  private static final long serialVersionUID = 1L;

  private final String waitedFor;
  private final Duration waited;
  private final String lastState;

  public VerificationTimeoutException(String waitedFor, Duration waited, String lastState) {
    super("verify timed out after " + Durations.format(waited) + " waiting for " + waitedFor
        + "; last state: " + lastState);
    this.waitedFor = waitedFor;
    this.waited = waited;
    this.lastState = lastState;
  }

  /** The description of the check that timed out. */
  public String waitedFor() {
    return waitedFor;
  }

  /** The time this check was given. */
  public Duration waited() {
    return waited;
  }

  /** The state of the last poll. */
  public String lastState() {
    return lastState;
  }
}
