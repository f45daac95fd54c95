package dev.kubestrap.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ssh.SshTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Start-up time, two sandboxes side by side, and what closing leaves behind: nothing. */
class SandboxLifecycleTest {

  @BeforeEach
  void machineCanRunSandboxes() {
    SandboxTestSupport.requireSandboxMachine();
  }

  @Test
  void twoSandboxesRunSideBySideAndClosingLeavesNothingBehind() {
    long started = System.nanoTime();
    Sandbox first = Sandbox.builder().hosts(2)
        .addressRange("198.18.0.0/25").start();
    Duration warmStart = Duration.ofNanos(System.nanoTime() - started);
    System.out.println("sandbox: warm start of 2 hosts took " + warmStart.toMillis() + " ms");
    Sandbox second = null;
    List<NspawnMachine.ProcessId> processes = new ArrayList<>();
    try {
      assertThat(warmStart).isLessThan(Duration.ofSeconds(30));

      assertThatThrownBy(() -> Sandbox.builder()
          .addressRange("198.18.0.64/26").start())
          .isInstanceOf(SandboxPreconditionException.class)
          .hasMessageContaining("address range 198.18.0.64/26 is in use on this machine")
          .hasMessageContaining("on " + first.bridgeName());

      second = Sandbox.builder().hosts("solo")
          .addressRange("198.18.0.128/25").start();
      assertThat(second.bridgeName()).isNotEqualTo(first.bridgeName());
      assertThat(second.host("solo").address()).isEqualTo("198.18.0.130");
      try (SshTransport solo = second.host("solo").connect()) {
        assertThat(solo.run(Command.of("hostname")).stdoutTrimmed()).isEqualTo("solo");
      }

      for (Sandbox sandbox : List.of(first, second)) {
        for (NspawnMachine machine : sandbox.machines()) {
          processes.add(machine.nspawn().orElseThrow());
          processes.add(machine.leader().orElseThrow());
        }
        assertThat(SandboxTraces.of(sandbox.id(), sandbox.directory()))
            .anyMatch(trace -> trace.startsWith("process"))
            .anyMatch(trace -> trace.startsWith("link ksbr-" + sandbox.id()))
            .anyMatch(trace -> trace.startsWith("link vb-ks" + sandbox.id()))
            .contains("directory " + sandbox.directory());
      }
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }

    assertThat(SandboxTraces.alive(processes)).isEmpty();
    for (Sandbox sandbox : List.of(first, second)) {
      assertThat(SandboxTraces.of(sandbox.id(), sandbox.directory())).isEmpty();
    }
    assertThat(processes).hasSize(6);
  }

  @Test
  void aStartThatTimesOutNamesTheHostShowsItsConsoleAndLeavesNothingBehind() {
    Throwable failure = catchThrowable(() -> Sandbox.builder()
        .addressRange("198.18.0.0/25").bootTimeout(Duration.ofNanos(1)).start());

    assertThat(failure).isInstanceOf(SandboxException.class)
        .hasMessageStartingWith("boot of host1 on root@198.18.0.2:22 failed: not ready within"
            + " PT0.000000001S; last seen: no SSH connection yet\nconsole of ks");
    Matcher console = Pattern.compile(
        "console of ks([0-9a-f]{6})-1 \\((\\S+)/host1/console.log\\)").matcher(failure.getMessage());
    assertThat(console.find()).as(failure.getMessage()).isTrue();
    assertThat(SandboxTraces.of(console.group(1), Path.of(console.group(2)))).isEmpty();
  }

  @Test
  void theNextCleanupRemovesWhatAKilledJvmLeftAndAnExitingJvmCleansUpItself() throws Exception {
    SandboxChild killed = SandboxChild.start("hang");
    SandboxChild exited = null;
    try {
      killed.kill();
      assertThat(SandboxTraces.of(killed.id(), killed.directory()))
          .anyMatch(trace -> trace.startsWith("process"))
          .anyMatch(trace -> trace.startsWith("link ksbr-" + killed.id()));

      List<String> removed = Sandbox.cleanLeftovers();

      assertThat(removed).anyMatch(line -> line.contains(killed.id()));
      assertThat(SandboxTraces.of(killed.id(), killed.directory())).isEmpty();

      exited = SandboxChild.start("exit");
      assertThat(exited.awaitExit(Duration.ofSeconds(60))).isZero();
      assertThat(SandboxTraces.of(exited.id(), exited.directory())).isEmpty();
    } finally {
      killed.kill();
      if (exited != null) {
        exited.kill();
      }
      Sandbox.cleanLeftovers();
    }
  }

  /** A JVM running {@link SandboxChildMain}: it starts a one-host sandbox and reports it. */
  private record SandboxChild(Process process, String id, Path directory) {
    static SandboxChild start(String mode) throws Exception {
      String java = ProcessHandle.current().info().command().orElse("java");
      Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          SandboxChildMain.class.getName(), mode)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      var reader = process.inputReader();
      String line;
      while ((line = reader.readLine()) != null && !line.startsWith("READY ")) {
        // skip anything before the report
      }
      if (line == null) {
        throw new AssertionError("the child JVM exited before its sandbox was ready: exit code "
            + process.waitFor());
      }
      String[] fields = line.split(" ");
      return new SandboxChild(process, fields[1], Path.of(fields[2]));
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the child JVM did not exit within " + timeout);
      }
      return process.exitValue();
    }
  }
}
