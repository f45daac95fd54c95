package dev.kubestrap.sandbox;

import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Test helper: the root guard. */
final class SandboxTestSupport {
  private SandboxTestSupport() {}

  /**
   * Skips the calling test when the machine cannot run sandboxes, unless
   * {@code KUBESTRAP_REQUIRE_SANDBOX=1}, in which case it fails with the reasons.
   */
  static void requireSandboxMachine() {
    List<String> problems = Sandbox.builder().checkPreconditions();
    if (problems.isEmpty()) {
      return;
    }
    String message = "sandbox preconditions failed: " + problems;
    if ("1".equals(System.getenv(Sandbox.REQUIRE_VARIABLE))) {
      throw new AssertionError(message);
    }
    Assumptions.abort(message);
  }
}
