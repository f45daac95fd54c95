package dev.kubestrap.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.apply.ApplyEvent;
import dev.kubestrap.cluster.ClusterEvent;
import dev.kubestrap.plan.EnsureDirectory;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console line shows each host's phase, step and bytes sent; on a terminal it is rewritten in place. */
class ConsoleProgressTest {
  private static final Instant NOW = Instant.EPOCH;
  private static final HostId MASTER = HostId.of("master");
  private static final HostId NODE = HostId.of("node-1");

  private static List<ClusterEvent> events() {
    EnsureDirectory dir = EnsureDirectory.of("/opt/etcd");
    return List.of(
        progress(new ApplyEvent.ApplyStarted(NOW, "lab", List.of(MASTER, NODE), 10)),
        progress(new ApplyEvent.HostStarted(NOW, Phase.ETCD, MASTER)),
        progress(new ApplyEvent.HostStarted(NOW, Phase.NODES, NODE)),
        progress(new ApplyEvent.ActionStarted(NOW, Phase.ETCD, MASTER, dir)),
        progress(new ApplyEvent.BytesSent(NOW, Phase.ETCD, MASTER, "/opt/etcd/etcd", 3 * 1024 * 1024)),
        progress(new ApplyEvent.HostFinished(NOW, Phase.ETCD, MASTER, true, Duration.ofSeconds(1))),
        progress(new ApplyEvent.ApplyFinished(NOW, true, Duration.ofSeconds(2))));
  }

  private static ClusterEvent progress(ApplyEvent event) {
    return new ClusterEvent.HostProgress(event);
  }

  @Test
  void theLineShowsPhaseStepAndBytesPerHost() {
    ConsoleProgress progress = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()), false);
    events().subList(0, 5).forEach(progress::onEvent);

    assertThat(progress.line())
        .isEqualTo("master etcd: mkdir /opt/etcd (0755) (3.0 MiB sent) | node-1 nodes: started (0.0 MiB sent)");
  }

  @Test
  void withoutATerminalALineIsPrintedWhenAHostStartsOrFinishes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    events().forEach(progress::onEvent);

    assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r").isEqualTo("""
        apply lab to [master, node-1] (10 at a time)
        master etcd: started (0.0 MiB sent)
        master etcd: started (0.0 MiB sent) | node-1 nodes: started (0.0 MiB sent)
        master etcd: done (3.0 MiB sent) | node-1 nodes: started (0.0 MiB sent)
        apply succeeded in 2000 ms
        """);
  }

  @Test
  void onATerminalTheLineIsRewrittenInPlaceAndClearedBeforeOtherLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
    events().forEach(progress::onEvent);

    String screen = bytes.toString(StandardCharsets.UTF_8);
    assertThat(screen).contains("\rmaster etcd: mkdir /opt/etcd (0755) (3.0 MiB sent) | node-1 nodes: started")
        .endsWith("\rapply succeeded in 2000 ms\n");
    assertThat(screen.chars().filter(c -> c == '\n').count()).as("lines ended").isEqualTo(2);
  }
}
