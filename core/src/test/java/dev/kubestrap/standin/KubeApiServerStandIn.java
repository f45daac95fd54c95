package dev.kubestrap.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Test stand-in for kube-apiserver. Checks its flags, encryption config and authentication config against the
 * official lists, proves it can reach etcd over mutual TLS with the {@code --etcd-*} files, then serves HTTPS on
 * {@code --bind-address}:{@code --secure-port} with {@code --tls-cert-file}. Requests without a client certificate
 * reach only the paths anonymous access allows ({@link AnonymousAccess}; the health endpoints by default), and are
 * refused elsewhere; everything else needs a client certificate signed by {@code --client-ca-file} (others fail the
 * handshake). Nodes ({@code system:node:<name>}) may
 * only touch their own Node object. The API itself is fabric8's mock server in CRUD mode, in memory on loopback:
 * nothing is stored in etcd, and a restart forgets every object.
 */
public final class KubeApiServerStandIn {
  static final String PROGRAM = "kube-apiserver";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final Pattern NODE_PATH = Pattern.compile("/api/v1/nodes(/([^/?]+)(/status)?)?");

  private final String gitVersion;
  private final EtcdProbe etcd;
  private final KubernetesMockServer mock;
  private final HttpClient toMock = HttpClient.newHttpClient();
  private final String advertiseAddress;
  private final AnonymousAccess anonymous;

  private KubeApiServerStandIn(String gitVersion, EtcdProbe etcd, KubernetesMockServer mock,
      String advertiseAddress, AnonymousAccess anonymous) {
    this.gitVersion = gitVersion;
    this.etcd = etcd;
    this.mock = mock;
    this.advertiseAddress = advertiseAddress;
    this.anonymous = anonymous;
  }

  /** Validates, connects to etcd and starts serving; returns the running server. */
  public static HttpsServer start(String minor, String gitVersion, List<String> args) {
    return start(minor, gitVersion, args, Duration.ofSeconds(30));
  }

  static HttpsServer start(String minor, String gitVersion, List<String> args, Duration etcdPatience) {
    StandInFlags flags = StandInFlags.parse(PROGRAM, minor, args);
    flags.get("--encryption-provider-config").ifPresent(file ->
        ConfigDocument.read(PROGRAM, Path.of(file), "EncryptionConfiguration"));
    AnonymousAccess anonymous = AnonymousAccess.of(flags);
    SSLContext etcdTls = TlsFiles.context(flags.requireFile("--etcd-certfile"), flags.requireFile("--etcd-keyfile"),
        flags.requireFile("--etcd-cafile"));
    EtcdProbe etcd = new EtcdProbe(flags.require("--etcd-servers"), etcdTls);
    etcd.await(PROGRAM, etcdPatience);
    SSLContext serving = TlsFiles.context(flags.requireFile("--tls-cert-file"),
        flags.requireFile("--tls-private-key-file"), flags.requireFile("--client-ca-file"));

    KubernetesMockServer mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(List.of()), false);
    mock.init(InetAddress.getLoopbackAddress(), 0);
    KubeApiServerStandIn server = new KubeApiServerStandIn(gitVersion, etcd, mock,
        flags.get("--advertise-address").orElse("127.0.0.1"), anonymous);

    InetSocketAddress address = new InetSocketAddress(flags.get("--bind-address").orElse("0.0.0.0"),
        Integer.parseInt(flags.get("--secure-port").orElse("6443")));
    try {
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(TlsFiles.askingForClientCertificates(serving, false));
      https.createContext("/", server::handle);
      https.setExecutor(Executors.newFixedThreadPool(8));
      https.start();
      System.err.println(PROGRAM + " (kubestrap stand-in): serving on " + https.getAddress() + ", etcd reachable");
      return https;
    } catch (IOException e) {
      mock.destroy();
      throw new StandInRefusal(PROGRAM, "cannot listen on " + address + ": " + e.getMessage(), e);
    }
  }

  private void handle(HttpExchange exchange) {
    try {
      String path = exchange.getRequestURI().getRawPath();
      Optional<Identity> identity = identity(exchange);
      if (identity.isEmpty() && !anonymous.allows(path)) {
        status(exchange, 401, "Unauthorized", "a client certificate signed by --client-ca-file is required");
        return;
      }
      if (path.equals("/livez") || path.equals("/healthz")) {
        HealthEndpoints.respond(exchange, 200, "text/plain", "ok");
        return;
      }
      if (path.equals("/readyz")) {
        String problem = etcd.problem();
        HealthEndpoints.respond(exchange, problem == null ? 200 : 500, "text/plain",
            problem == null ? "ok" : "[-]etcd failed: " + problem);
        return;
      }
      if (identity.isEmpty()) {
        status(exchange, 403, "Forbidden", "User \"system:anonymous\" may not " + exchange.getRequestMethod() + " "
            + path);
        return;
      }
      if (!identity.get().mayAccess(exchange.getRequestMethod(), path)) {
        status(exchange, 403, "Forbidden", "User \"" + identity.get().user() + "\" may not "
            + exchange.getRequestMethod() + " " + path + " (node authorizer)");
        return;
      }
      if (path.equals("/version")) {
        String[] parts = gitVersion.substring(1).split("\\.");
        HealthEndpoints.respond(exchange, 200, "application/json", JSON.writeValueAsString(Map.of(
            "major", parts[0], "minor", parts[1], "gitVersion", gitVersion, "platform", "linux/amd64")));
        return;
      }
      Optional<Map<String, Object>> discovery = Discovery.document(path, advertiseAddress + ":6443");
      if (discovery.isPresent()) {
        HealthEndpoints.respond(exchange, 200, "application/json", JSON.writeValueAsString(discovery.get()));
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      byte[] body = readBody(exchange);
      Optional<String> refusal = identity.get().refusalOfCreate(exchange.getRequestMethod(), path, body);
      if (refusal.isPresent()) {
        status(exchange, 403, "Forbidden", refusal.get());
        return;
      }
      if (exchange.getRequestMethod().equals("PATCH") && contentType != null
          && contentType.startsWith("application/apply-patch")) {
        apply(exchange, path, body);
      } else {
        forward(exchange, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
            + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
            contentType, body);
      }
    } catch (RuntimeException | IOException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      status(exchange, 500, "InternalError", e.toString());
    }
  }

  private void apply(HttpExchange exchange, String path, byte[] body) throws IOException, InterruptedException {
    Map<String, Object> applied = YAML.readValue(body, new TypeReference<Map<String, Object>>() {});
    HttpResponse<byte[]> live = send("GET", path, null, null);
    if (live.statusCode() == 404) {
      forward(exchange, "POST", ApplyAsCreateOrUpdate.collectionOf(path), "application/json",
          JSON.writeValueAsBytes(applied));
      return;
    }
    Map<String, Object> current = JSON.readValue(live.body(), new TypeReference<Map<String, Object>>() {});
    if (live.statusCode() == 200 && ApplyAsCreateOrUpdate.unchanged(applied, current)) {
      reply(exchange, live);
      return;
    }
    forward(exchange, "PUT", path, "application/json",
        JSON.writeValueAsBytes(ApplyAsCreateOrUpdate.replacement(applied, current)));
  }

  private void forward(HttpExchange exchange, String method, String pathAndQuery, String contentType, byte[] body)
      throws IOException, InterruptedException {
    reply(exchange, send(method, pathAndQuery, contentType, body));
  }

  private HttpResponse<byte[]> send(String method, String pathAndQuery, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mock.url(pathAndQuery)))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType.startsWith("application/apply-patch") ? "application/json"
          : contentType);
    }
    return toMock.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void reply(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type",
          response.headers().firstValue("Content-Type").orElse("application/json"));
      byte[] bytes = response.body();
      exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  private static void status(HttpExchange exchange, int code, String reason, String message) {
    HealthEndpoints.respond(exchange, code, "application/json", JSON.writeValueAsString(Map.of("kind", "Status",
        "apiVersion", "v1", "status", "Failure", "reason", reason, "code", code, "message", message)));
  }

  private static Optional<Identity> identity(HttpExchange exchange) {
    if (!(exchange instanceof com.sun.net.httpserver.HttpsExchange https)) {
      return Optional.empty();
    }
    try {
      Certificate[] peer = https.getSSLSession().getPeerCertificates();
      X509Certificate client = (X509Certificate) peer[0];
      return Optional.of(Identity.of(client.getSubjectX500Principal()));
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  /**
   * Who sent a request, from the verified client certificate: user = common name, groups = organizations.
   *
   * @param user the common name
   * @param groups the organizations
   */
  record Identity(String user, List<String> groups) {
    static Identity of(X500Principal subject) {
      String user = "";
      List<String> groups = new ArrayList<>();
      for (String part : subject.getName(X500Principal.RFC2253).split(",")) {
        if (part.startsWith("CN=")) {
          user = part.substring(3);
        } else if (part.startsWith("O=")) {
          groups.add(part.substring(2));
        }
      }
      return new Identity(user, List.copyOf(groups));
    }

    /** For a node creating a Node: why the node authorizer would refuse it (another node's name), if it would. */
    @SuppressWarnings("unchecked")
    Optional<String> refusalOfCreate(String method, String path, byte[] body) {
      if (!user.startsWith("system:node:") || !method.equals("POST") || !path.equals("/api/v1/nodes")) {
        return Optional.empty();
      }
      Map<String, Object> node = JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
      Object name = ((Map<String, Object>) node.getOrDefault("metadata", Map.of())).get("name");
      return user.equals("system:node:" + name) ? Optional.empty()
          : Optional.of("User \"" + user + "\" may not create node \"" + name + "\" (node authorizer)");
    }

    /** The node authorizer, reduced to Node objects: a node reads discovery and writes only its own Node. */
    boolean mayAccess(String method, String path) {
      if (!user.startsWith("system:node:")) {
        return true;
      }
      if (!groups.contains("system:nodes")) {
        return false;
      }
      if (path.equals("/version") || path.equals("/api") || path.equals("/apis") || path.equals("/api/v1")) {
        return true;
      }
      var matcher = NODE_PATH.matcher(path);
      if (!matcher.matches()) {
        return false;
      }
      String node = matcher.group(2);
      return node == null ? method.equals("POST") || method.equals("GET")
          : node.equals(user.substring("system:node:".length()));
    }
  }
}
