package dev.kubestrap.operation;

import dev.kubestrap.KubestrapException;
import java.util.List;

/**
 * An {@link Operation} refused by a check (nothing was changed) or stopped by a failed step, with what was done
 * and what remains. The message says which: {@code [upgrade to 1.36.4] refused: ...} or
 * {@code [upgrade to 1.36.4] failed at "...": ...; remaining: ...}.
 */
public final class OperationException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String step;
  private final boolean refused;
  private final transient List<OperationReport.Done> done;
  private final List<String> remaining;

  private OperationException(String message, String operation, String step, boolean refused,
      List<OperationReport.Done> done, List<String> remaining, Throwable cause) {
    super(message, cause);
    this.operation = operation;
    this.step = step;
    this.refused = refused;
    this.done = List.copyOf(done);
    this.remaining = List.copyOf(remaining);
  }

  static OperationException refused(String operation, String check, RuntimeException cause) {
    return new OperationException("[" + operation + "] refused, nothing was changed: " + check + ": "
        + reason(cause), operation, check, true, List.of(), List.of(), cause);
  }

  static OperationException failed(String operation, String step, List<OperationReport.Done> done,
      List<String> remaining, RuntimeException cause) {
    return new OperationException("[" + operation + "] failed at \"" + step + "\": " + reason(cause)
        + (remaining.isEmpty() ? "" : "; remaining: " + String.join("; ", remaining)), operation, step, false,
        done, remaining, cause);
  }

  private static String reason(Throwable cause) {
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  public String operation() {
    return operation;
  }

  /** The check that refused or the step that failed. */
  public String step() {
    return step;
  }

  /** True when a check refused and nothing was changed. */
  public boolean refused() {
    return refused;
  }

  /** The steps done before the failure. */
  public List<OperationReport.Done> done() {
    return done;
  }

  /** The steps not done after the failed one. */
  public List<String> remaining() {
    return remaining;
  }
}
