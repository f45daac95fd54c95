package dev.kubestrap.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.transport.local.LocalTransport;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardingTransportTest {
  /** The sha256 of "from a file". */
  private static final String FROM_A_FILE = "552b49dcb23b4558021df8fda10272de45986bce69dd80283fc0b2a2fa57c209";

  /**
   * Every method of {@link Transport} but {@link Transport#bulk()} (documented as the wrapper itself) is declared by
   * the wrapper: one left to the interface's default would skip the delegate's own way, as a pinned put falling back
   * to hashing here and sending with a plain put.
   */
  @Test
  void forwardsEveryMethodOfTheInterface() {
    List<String> notForwarded = Arrays.stream(Transport.class.getMethods())
        .filter(method -> !Modifier.isStatic(method.getModifiers()))
        .filter(method -> !method.getName().equals("bulk") && !method.getName().equals("run"))
        .filter(method -> {
          try {
            return ForwardingTransport.class.getDeclaredMethod(method.getName(), method.getParameterTypes()) == null;
          } catch (NoSuchMethodException e) {
            return true;
          }
        })
        .map(Method::toString)
        .toList();

    assertThat(notForwarded).isEmpty();
  }

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
      assertThat(counting.putPinned(local.resolve("source"), "/etc/demo/d", FileMode.EXECUTABLE, FROM_A_FILE).sha256())
          .isEqualTo(FROM_A_FILE);
      assertThat(new String(counting.get("/etc/demo/a"), StandardCharsets.UTF_8)).isEqualTo("bytes");
      counting.get("/etc/demo/b", local.resolve("copy"));
      assertThat(counting.sha256("/etc/demo/c")).isPresent();
      assertThat(counting.exists("/etc/demo/c")).isTrue();
      assertThat(counting.exec(Command.of("true")).exitCode()).isZero();
      counting.remove("/etc/demo");

      assertThat(trips).hasValue(11);
      assertThat(local.resolve("copy")).hasContent("from a file");
      assertThat(root.resolve("etc/demo")).doesNotExist();
    }
  }
}
