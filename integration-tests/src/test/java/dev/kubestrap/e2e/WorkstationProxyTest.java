package dev.kubestrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.DownloadSource;
import dev.kubestrap.binaries.ResolvedArtifact;
import dev.kubestrap.proxy.HttpProxy;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This machine's downloads through a real proxy (Debian's tinyproxy on 127.0.0.1) to a mirror on 127.0.0.2: the
 * proxy's log shows the request it passed, and a host in {@code noProxy} is fetched directly.
 */
@Order(3)
class WorkstationProxyTest {
  private static final byte[] KUBELET = "#!/bin/sh\necho kubelet\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private HttpServer origin;
  private LocalServer proxy;

  @BeforeEach
  void startTheMirrorAndTheProxy() throws Exception {
    origin = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
    origin.createContext("/files/dl.k8s.io/", exchange -> {
      exchange.sendResponseHeaders(200, KUBELET.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(KUBELET);
      }
    });
    origin.start();
    proxy = RealServers.tinyproxy(dir, "127.0.0.1");
  }

  @AfterEach
  void stop() {
    origin.stop(0);
    proxy.close();
  }

  @Test
  void downloadsGoThroughTheProxyUnlessTheHostIsDirect() throws Exception {
    String mirror = "http://127.0.0.2:" + origin.getAddress().getPort() + "/files/";

    ResolvedArtifact proxied = source(mirror, dir.resolve("cache1"), HttpProxy.of(proxy.url()))
        .resolve("kubelet", "1.36.4", Arch.AMD64);
    assertThat(Files.readAllBytes(proxied.binary("kubelet").path())).isEqualTo(KUBELET);
    assertThat(proxy.log()).contains("GET " + mirror + "dl.k8s.io/release/v1.36.4/bin/linux/amd64/kubelet");

    String before = proxy.log();
    source(mirror, dir.resolve("cache2"), HttpProxy.builder().http(proxy.url()).noProxy("127.0.0.2").build())
        .resolve("kubelet", "1.36.4", Arch.AMD64);
    assertThat(proxy.log()).isEqualTo(before);
  }

  private static DownloadSource source(String mirror, Path cache, HttpProxy proxy) throws Exception {
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(KUBELET));
    return BinarySource.official().allowPlainHttp().mirroredAt(URI.create(mirror)).cacheIn(cache)
        .pin("kubelet", "1.36.4", Arch.AMD64, sha256).proxy(proxy);
  }
}
