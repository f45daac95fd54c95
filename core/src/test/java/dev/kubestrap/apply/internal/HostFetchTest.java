package dev.kubestrap.apply.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.local.LocalTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host side of fetching, run by this machine's bash and openssl through a local transport: a real HTTP server
 * and a real HTTPS server (certificate from a CA made with the openssl command line), binary content of a few
 * megabytes, the digest checked before anything is placed.
 */
class HostFetchTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  @TempDir Path dir;
  private final byte[] program = new byte[3 * 1024 * 1024 + 17];
  private String sha256;
  private HttpServer http;
  private HttpsServer https;
  private final Transport host = LocalTransport.create();

  @BeforeEach
  void serve() throws Exception {
    new Random(7).nextBytes(program);
    sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(program));
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/release/kubelet", exchange -> {
      exchange.sendResponseHeaders(200, program.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(program);
      }
    });
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
    if (https != null) {
      https.stop(0);
    }
    host.close();
  }

  @Test
  void plainHttpIsFetchedWithBashAloneCheckedAndPlacedWithItsMode() throws Exception {
    Path target = dir.resolve("kubelet");

    HostFetch.Outcome outcome = HostFetch.download(host, url(http, "/release/kubelet"), sha256, target.toString(),
        FileMode.of(0755), "", TIMEOUT);

    assertThat(outcome.failure()).isEmpty();
    assertThat(Files.readAllBytes(target)).isEqualTo(program);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwxr-xr-x");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aWrongDigestPlacesNothingAndNamesBothDigests() throws Exception {
    Path target = Files.writeString(dir.resolve("kubelet"), "the old program");
    String pinned = "0".repeat(64);

    HostFetch.Outcome outcome = HostFetch.download(host, url(http, "/release/kubelet"), pinned, target.toString(),
        FileMode.of(0755), "", TIMEOUT);

    assertThat(outcome.placed()).isFalse();
    assertThat(outcome.failure().orElseThrow()).contains(sha256).contains("not the pinned " + pinned);
    assertThat(Files.readString(target)).isEqualTo("the old program");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aMissingFileAndAClosedPortAreReportedNotPlaced() throws Exception {
    Path target = dir.resolve("kubelet");
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    HostFetch.Outcome missing = HostFetch.download(host, url(http, "/release/nothing"), sha256, target.toString(),
        FileMode.of(0755), "", TIMEOUT);
    HostFetch.Outcome refused = HostFetch.download(host, URI.create("http://127.0.0.1:" + closed + "/kubelet"), sha256,
        target.toString(), FileMode.of(0755), "", TIMEOUT);

    assertThat(missing.failure().orElseThrow()).contains("404");
    assertThat(refused.failure().orElseThrow()).contains("cannot connect to 127.0.0.1:" + closed);
    assertThat(target).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void httpsIsFetchedWithOpensslTrustingOnlyTheGivenCa() throws Exception {
    startHttps();
    Path target = dir.resolve("kubelet");
    String ca = Files.readString(dir.resolve("pki/ca.crt"));

    HostFetch.Outcome trusted = HostFetch.download(host, url(https, "/release/kubelet"), sha256, target.toString(),
        FileMode.of(0750), ca, TIMEOUT);

    assertThat(trusted.failure()).isEmpty();
    assertThat(Files.readAllBytes(target)).isEqualTo(program);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwxr-x---");
  }

  @Test
  void httpsFromAServerAnotherCaSignedIsRefused() throws Exception {
    startHttps();
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "other.key", "-out", "other.crt", "-subj", "/CN=other-ca", "-days", "1");
    Path target = dir.resolve("kubelet");

    HostFetch.Outcome refused = HostFetch.download(host, url(https, "/release/kubelet"), sha256, target.toString(),
        FileMode.of(0755), Files.readString(dir.resolve("pki/other.crt")), TIMEOUT);

    assertThat(refused.failure().orElseThrow()).contains("TLS to 127.0.0.1:");
    assertThat(target).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aFileOnTheHostIsLinkedOrCopiedIntoPlaceAfterItsDigestIsChecked() throws Exception {
    Path staged = Files.write(dir.resolve("staged"), program);
    Path target = dir.resolve("bin/kubelet");
    Files.createDirectories(target.getParent());

    HostFetch.Outcome copied = HostFetch.copy(host, staged.toString(), sha256, target.toString(), FileMode.of(0755),
        TIMEOUT);
    HostFetch.Outcome wrong = HostFetch.copy(host, staged.toString(), "1".repeat(64), dir.resolve("bin/other")
        .toString(), FileMode.of(0755), TIMEOUT);

    assertThat(copied.failure()).isEmpty();
    assertThat(Files.readAllBytes(target)).isEqualTo(program);
    assertThat(wrong.failure().orElseThrow()).contains("not the pinned");
    assertThat(dir.resolve("bin/other")).doesNotExist();
  }

  private URI url(HttpServer server, String path) {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void startHttps() throws Exception {
    Files.createDirectories(dir.resolve("pki"));
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=test-ca", "-days", "1");
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key",
        "-out", "server.csr", "-subj", "/CN=artifacts");
    Files.writeString(dir.resolve("pki/ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.crt", "-days", "1", "-extfile", "ext");
    openssl("pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-out", "server.p12",
        "-passout", "pass:test");
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("pki/server.p12"))) {
      keys.load(in, "test".toCharArray());
    }
    KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, "test".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(managers.getKeyManagers(), null, null);
    https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(context));
    https.createContext("/release/kubelet", exchange -> {
      exchange.sendResponseHeaders(200, program.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(program);
      }
    });
    https.start();
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    String[] argv = Stream.concat(Stream.of("openssl"), Stream.of(args)).toArray(String[]::new);
    Process process = new ProcessBuilder(argv).directory(dir.resolve("pki").toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }

  private java.util.List<Path> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      // the script's temporary files are named as interrupted uploads are: .<target>.kubestrap-tmp-<random>
      return files.filter(f -> f.getFileName().toString().contains(Transport.TEMP_MARKER)).toList();
    }
  }
}
