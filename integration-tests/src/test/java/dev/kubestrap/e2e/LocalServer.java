package dev.kubestrap.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real server program started for a test (Debian's docker-registry, tinyproxy), listening on one address of this
 * machine, writing a log the test reads; stopped by its process id on close.
 */
final class LocalServer implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final String address;
  private final int port;

  private LocalServer(String name, Process process, Path log, String address, int port) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.address = address;
    this.port = port;
  }

  /** Starts {@code argv} with its output in {@code output}, and waits until {@code address:port} accepts. */
  static LocalServer start(String name, List<String> argv, Path output, Path log, String address, int port)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    LocalServer server = new LocalServer(name, process, log, address, port);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, port), 1000);
        return server;
      } catch (IOException notYet) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          server.close();
          throw new IOException(name + " did not listen on " + address + ":" + port + ": "
              + Files.readString(output, StandardCharsets.UTF_8));
        }
        Thread.sleep(200);
      }
    }
  }

  /** A port nothing listens on at {@code address} right now. */
  static int freePort(String address) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(address, 0));
      return socket.getLocalPort();
    }
  }

  String url() {
    return "http://" + address + ":" + port;
  }

  String address() {
    return address;
  }

  int port() {
    return port;
  }

  /** What the server logged so far. */
  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " at " + url();
  }
}
