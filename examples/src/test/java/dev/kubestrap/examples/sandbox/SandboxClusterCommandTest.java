package dev.kubestrap.examples.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's answers that need no cluster; {@code up} itself is run by hand (it leaves a cluster running). */
class SandboxClusterCommandTest {
  @TempDir Path state;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private SandboxClusterCommand command(Map<String, String> environment) {
    return new SandboxClusterCommand(state, environment::get, new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @Test
  void upWithoutProgramsSaysWhatToSetAndStartsNothing() throws Exception {
    assertThat(command(Map.of()).up()).isEqualTo(2);

    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("set KUBESTRAP_PROGRAMS");
    assertThat(state.resolve("pid")).doesNotExist();
  }

  @Test
  void downWithNothingRunningSaysSoAndClearsAStalePid() throws Exception {
    Files.writeString(state.resolve("pid"), Long.toString(ProcessHandle.current().pid()));

    assertThat(command(Map.of()).down()).isZero();

    assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("no sandbox cluster is running\n");
    assertThat(state.resolve("pid")).doesNotExist();
  }

  /**
   * The background JVM is found by its pid and start time: the JDK cuts a process's command line at 4,096
   * characters, and the serving JVM's class path pushes its main class past that.
   */
  @Test
  void downStopsTheRecordedProcessWhateverItsCommandLine() throws Exception {
    Process held = new ProcessBuilder("sh", "-c", "sleep 60", "x".repeat(5000)).start();
    try {
      Files.writeString(state.resolve("pid"), SandboxClusterCommand.record(held.toHandle()));

      assertThat(command(Map.of()).down()).isZero();

      assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("sandbox cluster removed\n");
      assertThat(held.isAlive()).isFalse();
    } finally {
      held.destroyForcibly();
    }
  }
}
