package dev.kubestrap.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.transport.local.LocalTransport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardingTransportTest {

  @Test
  void everyRemoteCallPassesTheHookAndReachesTheDelegate(@TempDir Path root, @TempDir Path local) throws Exception {
    AtomicInteger trips = new AtomicInteger();
    Files.writeString(local.resolve("source"), "from a file");
    try (Transport counting = new ForwardingTransport(LocalTransport.rootedAt(root)) {
      @Override
      protected void beforeRoundTrip() {
        trips.incrementAndGet();
      }
    }) {
      assertThat(counting.target()).startsWith("local");
      counting.mkdirs("/etc/demo", FileMode.DIRECTORY);
      counting.put("bytes".getBytes(StandardCharsets.UTF_8), "/etc/demo/a", FileMode.PUBLIC);
      counting.put(local.resolve("source"), "/etc/demo/b", FileMode.PRIVATE);
      counting.put(new ByteArrayInputStream("stream".getBytes(StandardCharsets.UTF_8)), "/etc/demo/c", FileMode.PUBLIC);
      assertThat(new String(counting.get("/etc/demo/a"), StandardCharsets.UTF_8)).isEqualTo("bytes");
      counting.get("/etc/demo/b", local.resolve("copy"));
      assertThat(counting.sha256("/etc/demo/c")).isPresent();
      assertThat(counting.exists("/etc/demo/c")).isTrue();
      assertThat(counting.exec(Command.of("true")).exitCode()).isZero();
      counting.remove("/etc/demo");

      assertThat(trips).hasValue(10);
      assertThat(local.resolve("copy")).hasContent("from a file");
      assertThat(root.resolve("etc/demo")).doesNotExist();
    }
  }
}
