package dev.kubestrap.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.kubestrap.addons.MockServerLogs;
import dev.kubestrap.kubeconfig.Kubeconfig;
import dev.kubestrap.pki.IssuedCertificate;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kube-apiserver stand-in on loopback, in this JVM: an HTTPS "etcd" that demands a client certificate from the
 * etcd CA, the stand-in serving with the cluster CA, and fabric8 clients with various certificates.
 */
class KubeApiServerStandInTest {
  static {
    MockServerLogs.quiet();
  }

  @TempDir
  Path dir;

  private TestPki clusterCa;
  private TestPki etcdCa;
  private HttpsServer etcd;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void startEtcd() throws IOException {
    clusterCa = new TestPki("kubernetes", dir);
    etcdCa = new TestPki("etcd", dir);
    Path etcdServing = etcdCa.issue("etcd-server", "etcd");
    SSLContext tls = TlsFiles.context(etcdServing, TestPki.keyOf(etcdServing), etcdCa.caFile());
    etcd = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    etcd.setHttpsConfigurator(TlsFiles.askingForClientCertificates(tls, true));
    etcd.createContext("/health", exchange -> HealthEndpoints.respond(exchange, 200, "application/json",
        "{\"health\":\"true\"}"));
    etcd.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable resource : closing) {
      resource.close();
    }
    etcd.stop(0);
  }

  @Test
  void servesTheApiToClientCertificatesOfTheClusterCaAndHealthToAnyone() throws Exception {
    int port = startApiServer(etcdCa.issue("apiserver-etcd-client", "kube-apiserver-etcd-client"));
    KubernetesClient admin = client(port, "admin", "admin", "system:masters");

    admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("node").endMetadata().build()).create();

    assertThat(admin.nodes().list().getItems()).extracting(node -> node.getMetadata().getName())
        .containsExactly("node");
    assertThat(admin.getKubernetesVersion().getGitVersion()).isEqualTo("v1.35.2");
    HttpClient anonymous = HttpClient.newBuilder().sslContext(trustingClusterCa()).build();
    assertThat(get(anonymous, port, "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(anonymous, port, "/livez").body()).isEqualTo("ok");
    HttpResponse<String> refused = get(anonymous, port, "/api/v1/nodes");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("client certificate");
  }

  @Test
  void aClientCertificateFromAnotherCaFailsTheHandshake() throws Exception {
    int port = startApiServer(etcdCa.issue("apiserver-etcd-client", "kube-apiserver-etcd-client"));
    Path strangerDir = Files.createDirectories(dir.resolve("stranger"));
    TestPki stranger = new TestPki("stranger", strangerDir);
    stranger.issue("admin", "admin", "system:masters");
    KubernetesClient impostor = client(port, stranger.read("admin"), "admin");

    assertThatThrownBy(() -> impostor.nodes().list()).isInstanceOf(KubernetesClientException.class);
  }

  @Test
  void aNodeMayWriteOnlyItsOwnNodeObject() throws Exception {
    int port = startApiServer(etcdCa.issue("apiserver-etcd-client", "kube-apiserver-etcd-client"));
    KubernetesClient node1 = client(port, "node1", "system:node:node1", "system:nodes");

    node1.nodes().resource(new NodeBuilder().withNewMetadata().withName("node1").endMetadata().build()).create();

    assertThat(node1.nodes().withName("node1").get()).isNotNull();
    assertThatThrownBy(() -> node1.nodes().resource(new NodeBuilder().withNewMetadata().withName("node2")
        .endMetadata().build()).create())
        .isInstanceOf(KubernetesClientException.class).hasMessageContaining("may not create node \"node2\"");
    assertThatThrownBy(() -> node1.nodes().withName("node2").get())
        .isInstanceOf(KubernetesClientException.class).hasMessageContaining("Forbidden");
    assertThatThrownBy(() -> node1.configMaps().inNamespace("kube-system").list())
        .isInstanceOf(KubernetesClientException.class).hasMessageContaining("node authorizer");
  }

  @Test
  void serverSideApplyCreatesThenKeepsThenUpdates() throws Exception {
    int port = startApiServer(etcdCa.issue("apiserver-etcd-client", "kube-apiserver-etcd-client"));
    KubernetesClient admin = client(port, "admin", "admin", "system:masters");
    ConfigMap wanted = new ConfigMapBuilder().withNewMetadata().withName("flannel").withNamespace("kube-system")
        .endMetadata().addToData("net-conf.json", "{\"Network\":\"10.244.0.0/16\"}").build();

    ConfigMap created = admin.resource(wanted).fieldManager("kubestrap").forceConflicts().serverSideApply();
    ConfigMap again = admin.resource(wanted).fieldManager("kubestrap").forceConflicts().serverSideApply();
    ConfigMap changed = admin.resource(new ConfigMapBuilder(wanted).addToData("x", "y").build())
        .fieldManager("kubestrap").forceConflicts().serverSideApply();

    assertThat(again.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
    assertThat(changed.getMetadata().getResourceVersion()).isNotEqualTo(created.getMetadata().getResourceVersion());
    assertThat(admin.configMaps().inNamespace("kube-system").withName("flannel").get().getData())
        .containsEntry("x", "y");
  }

  @Test
  void refusesToStartWhenEtcdRejectsItsClientCertificate() {
    TestPki wrongCa = new TestPki("not-etcd", dir);
    Path wrongClient = wrongCa.issue("wrong-etcd-client", "kube-apiserver-etcd-client");

    assertThatThrownBy(() -> startApiServer(wrongClient))
        .isInstanceOf(StandInRefusal.class)
        .hasMessageContaining("etcd is not reachable over TLS with the --etcd-* files");
  }

  @Test
  void theKubeletStandInRegistersItsNodeReadyThroughItsOwnKubeconfig() throws Exception {
    int port = startApiServer(etcdCa.issue("apiserver-etcd-client", "kube-apiserver-etcd-client"));
    Path config = kubeletConfig();
    Path kubeconfig = kubeconfigFile(port, "kubelet-node1", "system:node:node1", "system:nodes");

    HttpServer health = KubeletStandIn.start("1.35", "v1.35.2", List.of("--config=" + config,
        "--kubeconfig=" + kubeconfig, "--hostname-override=node1", "--node-ip=127.0.0.1"));
    closing.add(() -> health.stop(0));

    var node = client(port, "admin", "admin", "system:masters").nodes().withName("node1").get();
    assertThat(node.getStatus().getConditions()).singleElement().satisfies(condition -> {
      assertThat(condition.getType()).isEqualTo("Ready");
      assertThat(condition.getStatus()).isEqualTo("True");
    });
    assertThat(node.getStatus().getAddresses()).anySatisfy(address ->
        assertThat(address.getAddress()).isEqualTo("127.0.0.1"));
    HttpClient http = HttpClient.newHttpClient();
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.getAddress().getPort()
        + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("ok");
  }

  @Test
  void aKubeletWhoseCertificateNamesAnotherNodeIsRefused() throws Exception {
    int port = startApiServer(etcdCa.issue("apiserver-etcd-client", "kube-apiserver-etcd-client"));
    Path config = kubeletConfig();
    Path kubeconfig = kubeconfigFile(port, "kubelet-node2", "system:node:node2", "system:nodes");

    assertThatThrownBy(() -> KubeletStandIn.start("1.35", "v1.35.2", List.of("--config=" + config,
        "--kubeconfig=" + kubeconfig, "--hostname-override=node1")))
        .isInstanceOf(StandInRefusal.class)
        .hasMessageContaining("certificate is for 'system:node:node2' but this node is 'node1'");
  }

  @Test
  void aControllerManagerWithAnotherIdentityIsRefusedAfterARealRequest() throws Exception {
    int port = startApiServer(etcdCa.issue("apiserver-etcd-client", "kube-apiserver-etcd-client"));
    Path kubeconfig = kubeconfigFile(port, "scheduler", "system:kube-scheduler");

    assertThatThrownBy(() -> ClientComponentStandIn.start("kube-controller-manager", "1.35",
        List.of("--kubeconfig=" + kubeconfig, "--bind-address=127.0.0.1", "--secure-port=0")))
        .isInstanceOf(StandInRefusal.class)
        .hasMessageContaining("is for 'system:kube-scheduler', but the default RBAC bindings name"
            + " 'system:kube-controller-manager'");
  }

  /** A KubeletConfiguration with a listening "containerd" socket and an ephemeral healthz port. */
  private Path kubeletConfig() throws IOException {
    Path socket = dir.resolve("containerd.sock");
    ServerSocketChannel runtime = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    runtime.bind(UnixDomainSocketAddress.of(socket));
    closing.add(runtime);
    return Files.writeString(dir.resolve("kubelet-config.yaml"), String.join("\n",
        "apiVersion: kubelet.config.k8s.io/v1beta1",
        "kind: KubeletConfiguration",
        "authentication:",
        "  x509:",
        "    clientCAFile: " + clusterCa.caFile(),
        "containerRuntimeEndpoint: unix://" + socket,
        "healthzBindAddress: 127.0.0.1",
        "healthzPort: 0", ""));
  }

  private Path kubeconfigFile(int port, String fileName, String user, String... groups) throws IOException {
    clusterCa.issue(fileName, user, groups);
    IssuedCertificate certificate = clusterCa.read(fileName);
    return Files.writeString(dir.resolve(fileName + ".kubeconfig"), Kubeconfig.forClientCertificate("test",
        URI.create("https://127.0.0.1:" + port), clusterCa.ca.certificatePem(), user,
        certificate.certificatePem(), certificate.privateKeyPem(), "test").toYaml());
  }

  private int startApiServer(Path etcdClient) {
    Path serving = clusterCa.issue("apiserver", "kube-apiserver");
    HttpServer server = KubeApiServerStandIn.start("1.35", "v1.35.2", List.of(
        "--bind-address=127.0.0.1", "--secure-port=0", "--advertise-address=127.0.0.1",
        "--etcd-servers=https://127.0.0.1:" + etcd.getAddress().getPort(),
        "--etcd-cafile=" + etcdCa.caFile(), "--etcd-certfile=" + etcdClient,
        "--etcd-keyfile=" + TestPki.keyOf(etcdClient),
        "--tls-cert-file=" + serving, "--tls-private-key-file=" + TestPki.keyOf(serving),
        "--client-ca-file=" + clusterCa.caFile()), Duration.ofSeconds(2));
    closing.add(() -> server.stop(0));
    return server.getAddress().getPort();
  }

  private KubernetesClient client(int port, String fileName, String user, String... groups) {
    clusterCa.issue(fileName, user, groups);
    return client(port, clusterCa.read(fileName), user);
  }

  private KubernetesClient client(int port, IssuedCertificate certificate, String user) {
    Kubeconfig kubeconfig = Kubeconfig.forClientCertificate("test", URI.create("https://127.0.0.1:" + port),
        clusterCa.ca.certificatePem(), user, certificate.certificatePem(), certificate.privateKeyPem(), "test");
    Config config = Config.fromKubeconfig(kubeconfig.toYaml());
    config.setRequestRetryBackoffLimit(0);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    closing.add(client);
    return client;
  }

  private SSLContext trustingClusterCa() {
    return TlsFiles.trusting(List.of(clusterCa.ca.certificate()));
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
