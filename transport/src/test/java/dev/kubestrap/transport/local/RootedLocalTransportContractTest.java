package dev.kubestrap.transport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.TransportContractTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootedLocalTransportContractTest extends TransportContractTest {
  private static final AtomicInteger TESTS = new AtomicInteger();

  @TempDir
  static Path root;

  private static LocalTransport transport;
  private final String base = "/srv/test-" + TESTS.incrementAndGet();

  @BeforeAll
  static void open() {
    transport = LocalTransport.rootedAt(root);
  }

  @AfterAll
  static void close() {
    transport.close();
  }

  @Override
  protected Transport transport() {
    return transport;
  }

  @Override
  protected String remoteBase() {
    transport.mkdirs(base, FileMode.DIRECTORY);
    return base;
  }

  @Override
  protected Path local(String remotePath) {
    return root.resolve(remotePath.substring(1));
  }

  @Test
  void absolutePathsLandUnderTheRoot() throws Exception {
    transport.put("x".getBytes(StandardCharsets.UTF_8), "/etc/kubernetes/admin.conf", FileMode.PRIVATE);

    assertThat(root.resolve("etc/kubernetes/admin.conf")).hasContent("x");
    assertThat(Files.exists(Path.of("/etc/kubernetes/admin.conf.kubestrap-never"))).isFalse();
    assertThat(transport.target()).isEqualTo("local:" + root.toAbsolutePath().normalize());
  }

  @Test
  void pathsEscapingTheRootAreRefused() {
    assertThatThrownBy(() -> transport.put(new byte[0], "/../../etc/passwd", FileMode.PUBLIC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("escapes the root");
  }

  @Test
  void removingTheMappedRootIsRefused() {
    assertThatThrownBy(() -> transport.remove("/."))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(root).exists();
  }

  @Test
  void commandsRunInTheRootDirectory() {
    assertThat(transport.run(Command.of("pwd")).stdoutTrimmed()).isEqualTo(root.toAbsolutePath().normalize().toString());
  }
}
