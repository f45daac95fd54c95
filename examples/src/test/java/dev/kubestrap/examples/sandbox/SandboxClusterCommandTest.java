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
}
