package dev.kubestrap.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** The {@code /healthz} (and {@code /livez}, {@code /readyz}) endpoints a component serves once it is up. */
final class HealthEndpoints {
  private HealthEndpoints() {}

  /** Plain HTTP health endpoints on {@code address}, as the kubelet and kube-proxy serve them. */
  static HttpServer http(String program, InetSocketAddress address) {
    try {
      return start(HttpServer.create(address, 16));
    } catch (IOException e) {
      throw new StandInRefusal(program, "cannot listen on " + address + ": " + e.getMessage(), e);
    }
  }

  /** HTTPS health endpoints with {@code tls}, as the controller-manager and scheduler serve them. */
  static HttpsServer https(String program, InetSocketAddress address, SSLContext tls) {
    try {
      HttpsServer server = HttpsServer.create(address, 16);
      server.setHttpsConfigurator(new HttpsConfigurator(tls));
      return start(server);
    } catch (IOException e) {
      throw new StandInRefusal(program, "cannot listen on " + address + ": " + e.getMessage(), e);
    }
  }

  private static <S extends HttpServer> S start(S server) {
    for (String path : new String[] {"/healthz", "/livez", "/readyz"}) {
      server.createContext(path, exchange -> respond(exchange, 200, "text/plain", "ok"));
    }
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    return server;
  }

  static void respond(HttpExchange exchange, int status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses {@code host:port} (IPv4 or a name) as a bind address. */
  static InetSocketAddress parse(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    String host = hostAndPort.substring(0, colon);
    return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, Integer.parseInt(hostAndPort.substring(colon + 1)));
  }
}
