package dev.kubestrap.sandbox.junit;

import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxPreconditionException;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.opentest4j.TestAbortedException;

/**
 * The one switch between skipping and failing where a prerequisite is missing: skip, unless the environment
 * variable {@value Sandbox#REQUIRE_VARIABLE} is {@code 1}.
 */
record SkipOrFail(Function<String, String> environment) {

  boolean required() {
    return "1".equals(environment.apply(Sandbox.REQUIRE_VARIABLE));
  }

  /** Disabled with every problem listed, or enabled when there is none or skipping is forbidden. */
  ConditionEvaluationResult condition(List<String> problems) {
    if (problems.isEmpty() || required()) {
      return ConditionEvaluationResult.enabled("sandbox preconditions hold or are required");
    }
    return ConditionEvaluationResult.disabled(new SandboxPreconditionException(problems).getMessage()
        + " (set " + Sandbox.REQUIRE_VARIABLE + "=1 to fail instead of skipping)");
  }

  /** What a start that found missing prerequisites throws: an abort (skip), or a failure when required. */
  RuntimeException refusal(SandboxPreconditionException e) {
    if (required()) {
      return new SandboxPreconditionException(List.of(e.getMessage() + " (and " + Sandbox.REQUIRE_VARIABLE
          + "=1 forbids skipping)"));
    }
    return new TestAbortedException(e.getMessage(), e);
  }
}
