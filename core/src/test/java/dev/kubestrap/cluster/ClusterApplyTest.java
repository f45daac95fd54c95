package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.addons.AddonEvent;
import dev.kubestrap.addons.ApplyMode;
import dev.kubestrap.addons.MockServerLogs;
import dev.kubestrap.apply.ApplyEvent;
import dev.kubestrap.apply.ApplyException;
import dev.kubestrap.apply.RemoteInspection;
import dev.kubestrap.apply.internal.HostFetch;
import dev.kubestrap.binaries.DirectorySource;
import dev.kubestrap.kubeconfig.Kubeconfig;
import dev.kubestrap.preflight.PreflightException;
import dev.kubestrap.spec.ComponentName;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applies a cluster of three hosts (a control plane and two workers) to rooted local directories with a
 * recording stand-in for systemd, and its RBAC and add-ons to fabric8's CRUD mock server behind a TLS front
 * that presents the cluster's own apiserver certificate.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterApplyTest {
  static {
    MockServerLogs.quiet();
  }

  KubernetesMockServer server;
  KubernetesClient mockClient;

  @TempDir
  Path tmp;

  private TlsFront front;
  private DirectorySource bundle;
  private final RecordingServices services = new RecordingServices();
  private final Map<String, StandInHost> hosts = new ConcurrentHashMap<>();
  private final List<ClusterEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    front = new TlsFront(server.getPort());
    bundle = StandInBinaries.bundle(tmp.resolve("bundle"), dev.kubestrap.spec.ClusterSpec.seedDefault());
    // What the master's kubelet would do when it starts: register its Node, which apply then labels.
    mockClient.nodes().resource(new NodeBuilder().withNewMetadata().withName("master").endMetadata().build()).create();
    // The state is made once here, so every cluster object of a test reads it the same way.
    builder().build().plan();
  }

  @AfterEach
  void stop() throws Exception {
    front.close();
  }

  private ClusterBuilder builder() {
    return ClusterBuilder.named("lab")
        .master(Host.local().name("master").address("127.0.0.1"))
        .worker(Host.local().name("node-1").address("127.0.0.2"))
        .worker(Host.local().name("node-2").address("127.0.0.3"))
        .spec(s -> s.apiServerPort(front.port()))
        .stateDir(tmp.resolve("state"))
        .binaries(bundle)
        .services(services)
        .transports(host -> hosts.computeIfAbsent(host.name(), name -> new StandInHost(tmp.resolve("hosts").resolve(name))))
        .remoteInspection(RemoteInspection.perFile())
        .applyMode(ApplyMode.CREATE_OR_UPDATE)
        .listener(events::add);
  }

  private Cluster cluster(ClusterBuilder builder) throws Exception {
    Cluster cluster = builder.build();
    cluster.plan();
    front.serve(cluster.stateDir().resolve("pki/kube-apiserver-server-master.pem"),
        cluster.stateDir().resolve("pki/kube-apiserver-server-master-key.pem"));
    return cluster;
  }

  private Path root(String host) {
    return tmp.resolve("hosts").resolve(host);
  }

  private static List<Path> regularFiles(Path root) throws Exception {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void firstApplyPlacesEverythingStartsEveryServiceAndAppliesRbacAndAddons() throws Exception {
    try (Cluster cluster = cluster(builder())) {
      ClusterReport report = cluster.apply();

      assertThat(report.filesSent()).isGreaterThan(60);
      assertThat(report.bytesSent()).isPositive();
      assertThat(services.withOperation("enable-now")).as("the master is a node too").hasSize(7 + 3 + 3);
      assertThat(report.objects()).filteredOn(e -> !e.addon().equals("node-roles")).isNotEmpty()
          .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AddonEvent.Outcome.CREATED));
      assertThat(report.objects()).filteredOn(e -> e.addon().equals("node-roles")).singleElement()
          .satisfies(e -> assertThat(e.name() + " " + e.outcome()).isEqualTo("master UPDATED"));
      assertThat(mockClient.nodes().withName("master").get().getMetadata().getLabels())
          .containsEntry("node-role.kubernetes.io/control-plane", "");

      Path etcdKey = root("master").resolve("opt/etcd/etcd-server-master-key.pem");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etcdKey))).isEqualTo("rw-------");
      assertThat(root("node-2").resolve("opt/kubelet/kubelet")).isExecutable();
      assertThat(root("node-1").resolve("opt/etcd")).doesNotExist();
      assertThat(hosts.get("node-1").commands).anyMatch(c -> c.contains("swapoff -a") && c.contains("/etc/fstab"))
          .anyMatch(c -> c.contains("modprobe br_netfilter")).anyMatch(c -> c.equals("sysctl --system"))
          .anyMatch(c -> c.contains("/opt/containerd/crictl --runtime-endpoint")).anyMatch(c -> c.equals("tunnel 10248"));

      KubernetesClient client = cluster.client();
      assertThat(client.getMasterUrl().toString()).startsWith("https://127.0.0.1:" + front.port());
      assertThat(mockClient.rbac().clusterRoleBindings().withName("kubestrap:cluster-admins").get()).isNotNull();
      assertThat(mockClient.configMaps().inNamespace("kube-flannel").withName("kube-flannel-cfg").get().getData()
          .get("net-conf.json")).contains("10.244.0.0/16");
      assertThat(mockClient.services().inNamespace("kube-system").withName("kube-dns").get().getSpec().getClusterIP())
          .isEqualTo(cluster.spec().dnsServiceIp().getHostAddress());

      Path admin = cluster.adminKubeconfig();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(admin))).isEqualTo("rw-------");
      Kubeconfig kubeconfig = Kubeconfig.read(admin);
      assertThat(kubeconfig.toYaml()).contains("server: https://127.0.0.1:" + front.port());
      assertThat(cluster.stateDir().resolve("super-admin.kubeconfig")).exists();
      assertThat(cluster.stateDir().resolve("last-applied-plan.json")).exists();
      assertThat(events).anyMatch(e -> e instanceof ClusterEvent.HostProgress p && p.event() instanceof ApplyEvent.BytesSent)
          .anyMatch(e -> e instanceof ClusterEvent.ObjectApplied o && o.event().addon().equals("coredns"));
      assertThat(hosts).hasSize(3);
    }
  }

  @Test
  void secondApplySendsNothingAndRestartsNothing() throws Exception {
    try (Cluster cluster = cluster(builder())) {
      cluster.apply();
      int operations = services.operations.size();

      ClusterReport again = cluster.apply();

      assertThat(again.bytesSent()).isZero();
      assertThat(again.filesSent()).isZero();
      assertThat(again.servicesRestarted()).isEmpty();
      assertThat(services.operations.subList(operations, services.operations.size()))
          .noneMatch(o -> o.contains(" restart ") || o.contains(" start ") || o.contains("enable"));
      assertThat(again.objectsChanged()).isEmpty();
    }
  }

  @Test
  void aChangedApiserverFlagRestartsOnlyTheApiserver() throws Exception {
    try (Cluster cluster = cluster(builder())) {
      cluster.apply();
    }
    hosts.clear();
    try (Cluster changed = cluster(builder().spec(s -> s.extraFlag(ComponentName.KUBE_APISERVER, "--v", "4")))) {
      ClusterReport report = changed.apply();

      assertThat(report.servicesRestarted()).containsExactly("master/kube-apiserver.service");
      assertThat(report.filesSent()).isEqualTo(1);
      assertThat(root("master").resolve("etc/systemd/system/kube-apiserver.service")).content().contains("--v=4");
    }
  }

  @Test
  void verifyReportsWhatItWaitedForThroughTheAdminClient() throws Exception {
    try (Cluster cluster = cluster(builder())) {
      cluster.apply();

      assertThatThrownBy(() -> cluster.verify(java.time.Duration.ofSeconds(2)))
          .isInstanceOf(dev.kubestrap.verify.VerificationTimeoutException.class)
          .hasMessageContaining("verify timed out").hasMessageContaining("waiting for").hasMessageContaining("last state");
      assertThat(events).anyMatch(e -> e instanceof ClusterEvent.Verification);
    }
  }

  @Test
  void aNodeWhoseContainerdNeverAnswersStopsTheApplyNamingHostStepAndBeforeItsKubelet() throws Exception {
    try (Cluster cluster = cluster(builder().healthTimeout(Duration.ofSeconds(2)))) {
      hosts.put("node-2", new StandInHost(root("node-2"))
          .failWhen(c -> c.contains("/opt/containerd/crictl") && c.endsWith(" info"), "connection refused\n"));

      assertThatThrownBy(cluster::apply).isInstanceOf(ApplyException.class)
          .hasMessageContaining("[nodes]").hasMessageContaining("node-2").hasMessageContaining("containerd healthy");
      assertThat(services.withOperation("enable-now")).noneMatch(o -> o.contains("node-2") && o.contains("kubelet"));
    }
  }

  @Test
  void aNodeWhoseResolvConfIsSystemdResolvedsStubGetsTheUpstreamFile() throws Exception {
    try (Cluster cluster = cluster(builder())) {
      hosts.put("node-1", new StandInHost(root("node-1")).withFacts("resolved-stub\n"));

      cluster.apply();

      assertThat(root("node-1").resolve("opt/kubelet/kubelet-config.yaml")).content()
          .contains("resolvConf: /run/systemd/resolve/resolv.conf");
      assertThat(root("node-2").resolve("opt/kubelet/kubelet-config.yaml")).content()
          .contains("resolvConf: /etc/resolv.conf");
    }
  }

  @Test
  void aHostThatFailsPreflightStopsTheApplyBeforeAnyHostIsChanged() throws Exception {
    try (Cluster cluster = cluster(builder())) {
      hosts.put("node-2", new StandInHost(root("node-2")).withFacts("listen 10250 /usr/bin/kubelet\n"));

      assertThatThrownBy(cluster::apply).isInstanceOf(PreflightException.class)
          .hasMessageContaining("node-2: port 10250, which kubelet needs, is in use by /usr/bin/kubelet");
      assertThat(regularFiles(root("master"))).isEmpty();
      assertThat(services.withOperation("enable-now")).isEmpty();
    }
  }

  @Test
  void resetRemovesWhatWasPlacedAndKeepsDataUnlessAsked() throws Exception {
    try (Cluster cluster = cluster(builder())) {
      cluster.apply();
      Path etcdData = root("master").resolve("opt/etcd/data");
      Files.writeString(etcdData.resolve("member.db"), "etcd state");

      cluster.reset();

      assertThat(services.withOperation("stop-disable")).as("7 on the master, a node too, 3 on each worker")
          .hasSize(13);
      assertThat(regularFiles(root("master"))).containsExactly(etcdData.resolve("member.db"));
      assertThat(regularFiles(root("node-1"))).isEmpty();
      assertThat(root("master").resolve("opt/kube-apiserver")).doesNotExist();
      assertThat(root("node-1").resolve("opt/cni")).doesNotExist();
      assertThat(root("node-1").resolve("etc/systemd/system")).isEmptyDirectory();
      assertThat(events).anyMatch(e -> e instanceof ClusterEvent.ResetStep s && s.step().contains("kubelet.service"));

      cluster.reset(ResetOption.DELETE_DATA);

      assertThat(root("master").resolve("opt/etcd")).doesNotExist();
      assertThat(regularFiles(root("master"))).isEmpty();
    }
  }

  @Test
  void resetRemovesTheArchivesAnInterruptedRunOfHostsFetchingLeft() throws Exception {
    try (Cluster cluster = cluster(builder())) {
      cluster.apply();
      Path stray = root("node-1").resolve(HostFetch.ARCHIVES.substring(1));
      Files.createDirectories(stray);
      Files.writeString(stray.resolve("0123.part.abcdef"), "half an archive");

      cluster.reset();

      assertThat(stray).doesNotExist();
    }
  }

  @Test
  void resetAlsoRemovesWhatInterruptedUploadsLeftBesidePlacedFiles() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    RemoteInspection recording = new RemoteInspection() {
      @Override
      public Map<String, dev.kubestrap.apply.internal.RemoteState> inspect(dev.kubestrap.transport.Transport host,
          java.util.Collection<String> directories, java.util.Collection<String> files) {
        return Map.of();
      }

      @Override
      public void removeStrays(dev.kubestrap.transport.Transport host, java.util.Collection<String> files) {
        files.forEach(file -> asked.add(host.target().substring(host.target().lastIndexOf('/') + 1) + ":" + file));
      }
    };
    try (Cluster cluster = cluster(builder().remoteInspection(recording))) {
      cluster.apply();
      asked.clear();

      cluster.reset();

      assertThat(asked).contains("node-1:/etc/systemd/system/kubelet.service", "node-1:/opt/kubelet/kubelet",
          "master:/opt/etcd/etcd-server-master-key.pem");
    }
  }
}
