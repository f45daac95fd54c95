package dev.kubestrap.examples.cluster.bench;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.ssh.SshConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * The link's limit, measured: the given number of bytes per host pushed to every host at once, each host over one
 * stream, (a) through OpenSSH, {@code ssh host 'cat > /dev/null'}, and (b) over a plain TCP connection that the host
 * opens to this machine with bash's {@code /dev/tcp} and reads to {@code /dev/null}. The bytes are the release
 * files themselves, read in a cycle, so they compress and encrypt as the apply's do.
 *
 * <p>Every stream blocks on I/O, so each measurement runs on threads of its own (one per stream), never on the common
 * pool, and stops them when it ends.
 */
final class LinkLimit {
  private final List<Path> payload;
  private final Optional<Path> knownHosts;
  private final String listenAddress;

  /**
   * @param payload the files whose bytes are sent, in a cycle
   * @param listenAddress this machine's address as the hosts reach it (the sandbox bridge)
   */
  LinkLimit(List<Path> payload, Optional<Path> knownHosts, String listenAddress) {
    this.payload = List.copyOf(payload);
    this.knownHosts = knownHosts;
    this.listenAddress = listenAddress;
  }

  /** Milliseconds until every host has read its bytes through {@code ssh ... 'cat > /dev/null'}. */
  long ssh(Map<SshConfig, Long> bytesPerHost) {
    return allAtOnce(bytesPerHost, this::sshCat);
  }

  /** Milliseconds until every host has read its bytes over plain TCP; {@code hosts} run the reading command. */
  long tcp(Map<Transport, Long> bytesPerHost) {
    return allAtOnce(bytesPerHost, this::tcpRead);
  }

  /** Milliseconds until {@code stream} has carried every host's bytes, all hosts at once. */
  private static <H> long allAtOnce(Map<H, Long> bytesPerHost, BiConsumer<H, Long> stream) {
    ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, bytesPerHost.size()));
    try {
      long start = System.nanoTime();
      List<CompletableFuture<Void>> streams = new ArrayList<>();
      bytesPerHost.forEach((host, bytes) ->
          streams.add(CompletableFuture.runAsync(() -> stream.accept(host, bytes), threads)));
      streams.forEach(CompletableFuture::join);
      return (System.nanoTime() - start) / 1_000_000;
    } finally {
      threads.shutdownNow();
    }
  }

  private void sshCat(SshConfig ssh, long bytes) {
    List<String> argv = new ArrayList<>(List.of("ssh", "-p", Integer.toString(ssh.port())));
    argv.addAll(SeedWayReplay.options(ssh, knownHosts));
    argv.addAll(List.of(ssh.user() + "@" + ssh.host(), "cat > /dev/null"));
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      try (OutputStream in = process.getOutputStream()) {
        send(in, bytes);
      }
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IllegalStateException("ssh cat to " + ssh.host() + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void tcpRead(Transport host, long bytes) {
    // The host's reader blocks until this side has sent everything, so it needs a thread apart from the sender's.
    ExecutorService reading = Executors.newSingleThreadExecutor();
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getByName(listenAddress), 0));
      CompletableFuture<ExecResult> reader = CompletableFuture.supplyAsync(() -> host.exec(Command.of("bash", "-c",
          "cat < /dev/tcp/" + listenAddress + "/" + server.getLocalPort() + " > /dev/null")), reading);
      try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
        send(out, bytes);
      }
      ExecResult result = reader.join();
      if (!result.succeeded()) {
        throw new IllegalStateException("tcp read on " + host.target() + " failed: " + result.stderr());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      reading.shutdownNow();
    }
  }

  private void send(OutputStream out, long bytes) throws IOException {
    byte[] buffer = new byte[1 << 20];
    long left = bytes;
    for (int i = 0; left > 0; i = (i + 1) % payload.size()) {
      try (InputStream in = Files.newInputStream(payload.get(i))) {
        for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; left -= n) {
          out.write(buffer, 0, n);
        }
      }
    }
  }
}
