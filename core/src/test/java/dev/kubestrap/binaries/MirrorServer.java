package dev.kubestrap.binaries;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A mirror on 127.0.0.1 serving fixed files by path and recording every request. */
final class MirrorServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  MirrorServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      requests.add(path);
      byte[] body = files.get(path);
      if (redirects.containsKey(path)) {
        exchange.getResponseHeaders().add("Location", redirects.get(path));
        exchange.sendResponseHeaders(302, -1);
      } else if (body == null) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
  }

  /** The mirror's base URL, e.g. {@code http://127.0.0.1:40123/files/}. */
  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/files/");
  }

  /** Serves {@code body} where the mirror layout puts the official {@code url}. */
  void serve(URI officialUrl, byte[] body) {
    files.put("/files/" + officialUrl.getHost() + officialUrl.getPath(), body);
  }

  /** Answers the official {@code url}'s mirror path with a redirect to {@code path} on this server, like GitHub releases do. */
  void redirect(URI officialUrl, String path, byte[] body) {
    redirects.put("/files/" + officialUrl.getHost() + officialUrl.getPath(), path);
    files.put(path, body);
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
