package dev.kubestrap.operation;

import java.util.List;

/**
 * What an {@link Operation} will check and do, in order, as {@link Operation#plan()} shows it before anything is
 * touched.
 *
 * @param operation the operation's name
 * @param checks the read-only preconditions, run first
 * @param steps the changes, in order
 * @param warnings what the user should know before applying
 */
public record OperationPlan(String operation, List<String> checks, List<String> steps, List<String> warnings) {
  public OperationPlan {
    checks = List.copyOf(checks);
    steps = List.copyOf(steps);
    warnings = List.copyOf(warnings);
  }

  /** The plan as numbered lines: warnings, checks, then steps. */
  public String summary() {
    StringBuilder text = new StringBuilder(operation).append('\n');
    warnings.forEach(warning -> text.append("  warning: ").append(warning).append('\n'));
    checks.forEach(check -> text.append("  check: ").append(check).append('\n'));
    for (int i = 0; i < steps.size(); i++) {
      text.append(String.format("  %2d. %s%n", i + 1, steps.get(i)));
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return summary();
  }
}
