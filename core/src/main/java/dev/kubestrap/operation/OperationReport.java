package dev.kubestrap.operation;

import java.time.Duration;
import java.util.List;

/**
 * What an {@link Operation} did: each step with how long it took.
 *
 * @param operation the operation's name
 * @param done the steps, in order
 * @param took the whole operation, checks included
 */
public record OperationReport(String operation, List<Done> done, Duration took) {
  public OperationReport {
    done = List.copyOf(done);
  }

  /** One step done, and how long it took. */
  public record Done(String step, Duration took) {
    @Override
    public String toString() {
      return step + " (" + took.toMillis() / 100 / 10.0 + " s)";
    }
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(operation).append(": ").append(done.size()).append(" steps in ")
        .append(took.toSeconds()).append(" s\n");
    done.forEach(step -> text.append("  done: ").append(step).append('\n'));
    return text.toString();
  }
}
