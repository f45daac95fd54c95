package dev.kubestrap.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.local.LocalTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
}
