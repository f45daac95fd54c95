package dev.kubestrap.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.local.LocalTransport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe run for real by this machine's shell, read back by {@link HostFacts#parse}. */
class HostProbeTest {
  @Test
  void theProbeReadsThisMachine() throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        LocalTransport local = LocalTransport.create()) {
      ExecResult result = local.exec(HostProbe.command(List.of(listener.getLocalPort()), PreflightChecks.UNITS));

      assertThat(result.exitCode()).as(result.stderr()).isZero();
      HostFacts facts = HostFacts.parse(result.stdout());
      assertThat(facts.hostname()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
      assertThat(facts.tools()).contains("cp", "mount");
      assertThat(facts.addresses()).contains("127.0.0.1");
      assertThat(facts.listeners()).containsKey(listener.getLocalPort());
      assertThat(facts.listeners().get(listener.getLocalPort())).as("the JVM holds it")
          .hasValueSatisfying(program -> assertThat(program).endsWith("/java"));
    }
  }

  /** Several ports asked about at once: each listening one with its own program, one nobody holds left out. */
  @Test
  void eachListeningPortIsReportedWithTheProgramThatHoldsIt() throws IOException, InterruptedException {
    Process other = new ProcessBuilder("python3", "-c", "import socket, sys, time\n"
        + "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
        + "print(s.getsockname()[1], flush=True); sys.stdin.read()").start();
    try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocket second = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        LocalTransport local = LocalTransport.create()) {
      int othersPort = Integer.parseInt(new BufferedReader(new InputStreamReader(other.getInputStream(),
          StandardCharsets.UTF_8)).readLine());
      int free;
      try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        free = closed.getLocalPort();
      }
      ExecResult result = local.exec(HostProbe.command(
          List.of(first.getLocalPort(), free, othersPort, second.getLocalPort()), List.of()));

      assertThat(result.exitCode()).as(result.stderr()).isZero();
      HostFacts facts = HostFacts.parse(result.stdout());
      assertThat(facts.listeners()).containsOnlyKeys(first.getLocalPort(), othersPort, second.getLocalPort());
      assertThat(facts.listeners().get(first.getLocalPort())).hasValueSatisfying(p -> assertThat(p).endsWith("/java"));
      assertThat(facts.listeners().get(second.getLocalPort())).hasValueSatisfying(p -> assertThat(p).endsWith("/java"));
      assertThat(facts.listeners().get(othersPort)).as("held by another program")
          .hasValueSatisfying(p -> assertThat(p).contains("python3"));
    } finally {
      other.destroy();
      other.waitFor();
    }
  }
}
