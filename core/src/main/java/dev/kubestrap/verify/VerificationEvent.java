package dev.kubestrap.verify;

import java.time.Duration;

/**
 * Progress of {@link ClusterVerifier#verify}: a check started, is waiting (sent when the state it
 * sees changes, not on every poll), passed, or timed out.
 *
 * @param check the check's {@link Check#description()}
 * @param stage what happened
 * @param elapsed time spent on this check so far
 * @param state the state last seen ({@code ""} at {@link Stage#STARTED})
 */
public record VerificationEvent(String check, Stage stage, Duration elapsed, String state) {

  /** The stages of one check. */
  public enum Stage {
    STARTED,
    WAITING,
    PASSED,
    TIMED_OUT
  }
}
