package dev.kubestrap.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.sandbox.Sandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the README tour's sandbox snippet as written. It needs root, systemd-nspawn and debootstrap: without them the
 * test is skipped, unless {@value Sandbox#REQUIRE_VARIABLE}=1 (as in CI) makes it fail instead.
 */
class TourSandboxTest {
  @Test
  void bootsTwoHostsAndEachAnswersWithItsNameOverSsh() {
    List<String> problems = Sandbox.builder().hosts("master", "worker").checkPreconditions();
    if (!"1".equals(System.getenv(Sandbox.REQUIRE_VARIABLE))) {
      Assumptions.assumeTrue(problems.isEmpty(), () -> "sandbox preconditions fail: " + problems);
    }

    assertThat(Tour.sandbox()).containsExactly(Map.entry("master", "master"),
        Map.entry("worker", "worker"));
  }
}
