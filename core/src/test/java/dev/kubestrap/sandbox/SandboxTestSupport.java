package dev.kubestrap.sandbox;

import dev.kubestrap.sandbox.junit.SandboxExtension;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Test helper: the package list shared with the end-to-end test, and the root guard. */
final class SandboxTestSupport {
  /** The packages of the end-to-end cluster test: using the same list shares its rootfs cache. */
  static final String[] E2E_PACKAGES =
      Sandbox.KUBERNETES_HOST_PACKAGES.toArray(String[]::new);

  private SandboxTestSupport() {}

  /**
   * Skips the calling test when the machine cannot run sandboxes, unless
   * {@code KUBESTRAP_REQUIRE_SANDBOX=1}, in which case it fails with the reasons.
   */
  static void requireSandboxMachine() {
    List<String> problems = Sandbox.builder().addPackages(E2E_PACKAGES).checkPreconditions();
    if (problems.isEmpty()) {
      return;
    }
    String message = "sandbox preconditions failed: " + problems;
    if ("1".equals(System.getenv(SandboxExtension.REQUIRE_VARIABLE))) {
      throw new AssertionError(message);
    }
    Assumptions.abort(message);
  }
}
