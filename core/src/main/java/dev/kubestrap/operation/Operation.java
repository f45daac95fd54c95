package dev.kubestrap.operation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One day-2 change, planned before it acts. {@link #plan()} lists its checks and steps and touches nothing;
 * {@link #apply()} runs the checks (read-only: nothing changes when one refuses), then the steps in order, once. A
 * failing step stops the operation: the {@link OperationException} says which step failed, what was done and what
 * remains, and re-running the operation (a new one, from the cluster) repeats only what is not yet in place, since
 * every step is an "ensure".
 *
 * <p>Defaults of {@link #builder(String)}: no checks, no steps, no warnings, progress to nowhere.
 */
public final class Operation {
  private final String name;
  private final List<Step> checks;
  private final List<Step> steps;
  private final List<String> warnings;
  private final Consumer<String> progress;
  private final OperationTarget target;
  private boolean applied;

  private Operation(Builder builder) {
    this.name = builder.name;
    this.checks = List.copyOf(builder.checks);
    this.steps = List.copyOf(builder.steps);
    this.warnings = List.copyOf(builder.warnings);
    this.progress = builder.progress;
    this.target = builder.target;
  }

  /** Starts an operation called {@code name}, e.g. {@code add host w2}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** What {@link #apply()} will check and do, in order; contacts nothing. */
  public OperationPlan plan() {
    return new OperationPlan(name, checks.stream().map(Step::description).toList(),
        steps.stream().map(Step::description).toList(), warnings);
  }

  /**
   * Runs every check, then every step, in order.
   *
   * @throws OperationException when a check refuses (nothing was changed) or a step fails (with what remains)
   * @throws IllegalStateException when this operation was applied before
   */
  public OperationReport apply() {
    if (applied) {
      throw new IllegalStateException(name + " was applied already: ask the cluster for a new operation");
    }
    applied = true;
    if (target == null) {
      return run();
    }
    try (OperationTarget.Hold held = target.hold(name)) {
      return run();
    }
  }

  private OperationReport run() {
    long start = System.nanoTime();
    progress.accept("[" + name + "] plan:\n" + plan().summary());
    for (Step check : checks) {
      try {
        check.action().run();
      } catch (RuntimeException e) {
        throw OperationException.refused(name, check.description(), e);
      }
      progress.accept("[" + name + "] checked: " + check.description());
    }
    List<OperationReport.Done> done = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      progress.accept("[" + name + "] " + step.description());
      long stepStart = System.nanoTime();
      try {
        step.action().run();
      } catch (RuntimeException e) {
        List<String> remaining = steps.subList(i + 1, steps.size()).stream().map(Step::description).toList();
        throw OperationException.failed(name, step.description(), done, remaining, e);
      }
      done.add(new OperationReport.Done(step.description(), Duration.ofNanos(System.nanoTime() - stepStart)));
    }
    OperationReport report = new OperationReport(name, done, Duration.ofNanos(System.nanoTime() - start));
    progress.accept("[" + name + "] done in " + report.took().toSeconds() + " s");
    return report;
  }

  @Override
  public String toString() {
    return "Operation[" + name + ", " + checks.size() + " checks, " + steps.size() + " steps]";
  }

  /** A described action; checks must not change anything. */
  private record Step(String description, Runnable action) {
    Step {
      if (description == null || description.isBlank()) {
        throw new IllegalArgumentException("a step needs a description: '" + description + "'");
      }
      Objects.requireNonNull(action, () -> "action of step '" + description + "'");
    }
  }

  /** Collects checks, steps and warnings in order. */
  public static final class Builder {
    private final String name;
    private final List<Step> checks = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private Consumer<String> progress = line -> { };
    private OperationTarget target;

    private Builder(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("an operation needs a name: '" + name + "'");
      }
      this.name = name;
    }

    /** A read-only precondition, run before any step; throwing refuses the operation with its message. */
    public Builder check(String description, Runnable check) {
      checks.add(new Step(description, check));
      return this;
    }

    /** The next step. */
    public Builder step(String description, Runnable action) {
      steps.add(new Step(description, action));
      return this;
    }

    /** Something the plan shows that the user should know before applying. */
    public Builder warning(String warning) {
      warnings.add(Objects.requireNonNull(warning, "warning"));
      return this;
    }

    /** Receives a line as each check passes and each step starts; default: nowhere. */
    public Builder progress(Consumer<String> progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /** Reports progress to {@code target} and holds it for the whole {@link Operation#apply()}. */
    public Builder on(OperationTarget target) {
      this.target = Objects.requireNonNull(target, "target");
      return progress(target::progress);
    }

    public Operation build() {
      return new Operation(this);
    }
  }
}
