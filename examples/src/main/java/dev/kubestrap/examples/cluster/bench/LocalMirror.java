package dev.kubestrap.examples.cluster.bench;

import com.sun.net.httpserver.HttpServer;
import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.BuildManifest;
import dev.kubestrap.binaries.DownloadSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An internal plain-HTTP mirror for the benchmark: serves a directory of release files (any path whose last segment
 * names a file there) on the sandbox bridge, so hosts can fetch from it, and the matching {@link DownloadSource}
 * pinned with the directory's build manifest.
 */
final class LocalMirror implements AutoCloseable {
  private final HttpServer server;
  /** Thread names of every mirror's request handlers. */
  static final String THREAD_NAME = "local-mirror";

  /** Every handler thread started, to be joined on close: a terminated pool's threads may still be exiting. */
  private final List<Thread> started = new CopyOnWriteArrayList<>();
  private final ExecutorService threads = Executors.newFixedThreadPool(8, task -> {
    Thread thread = new Thread(task, THREAD_NAME);
    thread.setDaemon(true);
    started.add(thread);
    return thread;
  });
  private final URI base;

  LocalMirror(Path directory, String address) throws IOException {
    server = HttpServer.create(new InetSocketAddress(address, 0), 16);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      Path file = directory.resolve(path.substring(path.lastIndexOf('/') + 1));
      if (!Files.isRegularFile(file) || path.endsWith("/")) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      exchange.sendResponseHeaders(200, Files.size(file));
      try (OutputStream out = exchange.getResponseBody()) {
        Files.copy(file, out);
      }
    });
    server.setExecutor(threads);
    server.start();
    base = URI.create("http://" + address + ":" + server.getAddress().getPort() + "/");
  }

  /** Where the mirror answers: {@code http://<address>:<port>/}. */
  URI base() {
    return base;
  }

  /** The official layout under this mirror, every release file pinned by the manifest's sha256. */
  DownloadSource source(BuildManifest manifest, Path cache) {
    DownloadSource source = BinarySource.official().allowPlainHttp().mirroredAt(base).cacheIn(cache);
    for (BuildManifest.Entry entry : manifest.entries()) {
      if (!entry.isImage()) {
        source = source.pin(entry.component(), entry.version(), Arch.AMD64, entry.sha256());
      }
    }
    return source;
  }

  @Override
  public void close() {
    server.stop(0);
    // The server does not stop an executor it was given.
    threads.shutdownNow();
    try {
      threads.awaitTermination(10, TimeUnit.SECONDS);
      for (Thread thread : started) {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
