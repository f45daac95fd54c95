package dev.kubestrap.e2e;

import static dev.kubestrap.e2e.HostShell.exec;
import static dev.kubestrap.e2e.HostShell.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.addons.Addon;
import dev.kubestrap.addons.CoreDns;
import dev.kubestrap.addons.Flannel;
import dev.kubestrap.certificates.CertificateExpiry;
import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.component.Etcd;
import dev.kubestrap.etcd.EtcdHealth;
import dev.kubestrap.etcd.EtcdMember;
import dev.kubestrap.etcd.EtcdSnapshot;
import dev.kubestrap.operation.Operation;
import dev.kubestrap.operation.OperationException;
import dev.kubestrap.operation.OperationReport;
import dev.kubestrap.pki.ExpiryReport;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.sandbox.cluster.ManifestVersions;
import dev.kubestrap.sandbox.junit.SandboxExtension;
import dev.kubestrap.spec.ApiEndpoint;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.Role;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.Tunnel;
import dev.kubestrap.transport.ssh.SshTransport;
import dev.kubestrap.verify.ApiServerReadyCheck;
import dev.kubestrap.verify.NodesReadyCheck;
import dev.kubestrap.verify.PodsReadyCheck;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * High availability and day-2 operations on hosts of their own (not the run's shared cluster), with the programs
 * {@code programs/build.sh} built from source: three control-plane hosts, each an etcd member and a tainted node,
 * and one worker, every node reaching the API through its own haproxy on {@code 127.0.0.1:7443}; a fifth host
 * joins and leaves. The cluster starts at the previous Kubernetes minor when {@code programs/build.sh} built it, so
 * that the last step can upgrade it. The steps share the cluster and run in order; each leaves it healthy.
 *
 * <p>The test itself talks to the API as a node does: through worker1's load balancer (an SSH tunnel to its
 * {@code 127.0.0.1:7443}), so that losing the first control-plane host does not cut it off.
 */
@Order(0) // before the run's shared cluster starts: 2 cores carry one cluster at a time
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HighAvailabilityTest {
  private static final List<String> CONTROL_PLANES = List.of("control-plane1", "control-plane2", "control-plane3");
  private static final List<String> CONTROL_PLANE_UNITS =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler");
  private static final Duration READY = Duration.ofMinutes(10);

  @RegisterExtension
  static final SandboxExtension SANDBOX = SandboxExtension.of(Sandbox.builder()
      .hosts("control-plane1", "control-plane2", "control-plane3", "worker1", "worker2")
      .addPackages("haproxy"));

  private Sandbox sandbox;
  private BuiltPrograms programs;
  private Cluster cluster;
  private boolean startedAtPreviousMinor;
  private SshTransport worker1;
  private Tunnel endpoint;
  private KubernetesClient client;

  @BeforeAll
  void startTheCluster() throws Exception {
    sandbox = SANDBOX.get();
    StartedSandboxes.record(sandbox);
    programs = BuiltPrograms.require();
    startedAtPreviousMinor = programs.previous().isPresent();
    ClusterBuilder builder = ClusterBuilder.named("ha")
        .spec(s -> s.allowCgroupV1(sandbox.hostsUseCgroupV1())
            .containerHosts(true))
        .stateDir(sandbox.directory().resolve("cluster"))
        .binaries(programs.bothVersions())
        .preloadImages(programs.directory().resolve("images"))
        .healthTimeout(Duration.ofMinutes(4));
    builder.spec(new ManifestVersions(programs.manifest())::applyTo);
    if (startedAtPreviousMinor) {
      builder.spec(s -> s.kubernetesVersion(programs.previousVersion()));
    }
    CONTROL_PLANES.forEach(name -> builder.master(sandbox.host(name).toHost()));
    builder.worker(sandbox.host("worker1").toHost());
    builder.addons(builtCoreDnsAtEveryVersion(builder));
    cluster = builder.build();
    long start = System.nanoTime();
    cluster.apply();
    awaitReady(List.of("control-plane1", "control-plane2", "control-plane3", "worker1"));
    System.out.printf("HighAvailabilityTest: 4 hosts ready in %d s%n", (System.nanoTime() - start) / 1_000_000_000L);

    worker1 = sandbox.host("worker1").connect();
    endpoint = worker1.tunnel(ApiEndpoint.DEFAULT_NODE_LOCAL_PORT);
    client = clientThrough(endpoint);
  }

  /** The admin's client to whatever {@code tunnel} reaches; no retries, 15 s per request. */
  private KubernetesClient clientThrough(Tunnel tunnel) throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(cluster.adminKubeconfig()));
    config.setMasterUrl("https://127.0.0.1:" + tunnel.localPort());
    config.setRequestRetryBackoffLimit(0);
    config.setRequestTimeout(15_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Every control-plane host's own apiserver answers {@code /readyz} (its etcd check included), asked through a
   * tunnel to that host: after an etcd member comes back, its apiserver reconnects on its own schedule, and until then
   * a request the load balancer sends there waits.
   */
  private void awaitEveryApiServerReady(String after) throws IOException {
    for (String name : CONTROL_PLANES) {
      try (SshTransport host = sandbox.host(name).connect();
          Tunnel apiserver = host.tunnel(cluster.spec().apiServerPort());
          KubernetesClient direct = clientThrough(apiserver)) {
        await(name + "'s apiserver is ready after " + after, Duration.ofMinutes(2),
            () -> "ok".equals(direct.raw("/readyz")));
      }
    }
  }

  @AfterAll
  void closeConnections() {
    for (AutoCloseable open : new AutoCloseable[] {client, endpoint, worker1, cluster}) {
      try {
        if (open != null) {
          open.close();
        }
      } catch (Exception e) {
        // the sandbox goes away next; nothing to keep
      }
    }
  }

  @Test
  @Order(1)
  void threeEtcdMembersAndEveryNodeReachesTheApiThroughItsOwnLoadBalancer() {
    assertThat(cluster.spec().apiEndpoint()).isEqualTo(ApiEndpoint.nodeLocal());
    assertThat(cluster.etcd().members()).extracting(EtcdMember::name)
        .containsExactlyInAnyOrderElementsOf(CONTROL_PLANES);
    assertThat(cluster.etcd().health()).hasSize(3).allMatch(EtcdHealth::healthy);
    for (String name : List.of("control-plane1", "control-plane2", "control-plane3", "worker1")) {
      SandboxHost host = sandbox.host(name);
      assertThat(run(host, "systemctl is-active kube-apiserver-lb").stdout()).as(name).isEqualTo("active\n");
      assertThat(run(host, "grep -h 'server:' /opt/kubelet/kubelet.kubeconfig /opt/kube-proxy/kube-proxy.kubeconfig")
          .stdout()).as(name).isEqualTo("    server: https://127.0.0.1:7443\n".repeat(2));
    }
    // the TLS handshake through the load balancer checks that each apiserver's certificate names 127.0.0.1
    write("through-the-endpoint");
  }

  @Test
  @Order(2)
  void losingOneControlPlaneHostLeavesTheClusterWritableAndItsNodesReady() throws IOException {
    SandboxHost lost = sandbox.host("control-plane1");
    Instant stopped = Instant.now();
    run(lost, "systemctl stop " + String.join(" ", CONTROL_PLANE_UNITS));
    try {
      write("while-control-plane1-is-down");
      // every kubelet, control-plane1's own too, renews its lease through its load balancer after the loss
      await("every node renews its lease after control-plane1 stopped", Duration.ofMinutes(2), () ->
          nodeNames().stream().allMatch(node -> renewedAfter(node, stopped)));
      await("the controllers lead from another host", Duration.ofMinutes(2), () ->
          List.of("kube-controller-manager", "kube-scheduler").stream().noneMatch(lease ->
              holder(lease).startsWith("control-plane1")));
      awaitNodesReady("every node is Ready while control-plane1 is down");
      assertThat(cluster.etcd().health()).filteredOn(EtcdHealth::healthy).extracting(EtcdHealth::member)
          .containsExactlyInAnyOrder("control-plane2", "control-plane3");
    } finally {
      run(lost, "systemctl start " + String.join(" ", CONTROL_PLANE_UNITS));
    }
    await("control-plane1's etcd member rejoins", Duration.ofMinutes(2), () ->
        cluster.etcd().health().stream().filter(EtcdHealth::healthy).count() == 3);
    awaitEveryApiServerReady("control-plane1 came back");
    assertThat(client.configMaps().inNamespace("default").withName("while-control-plane1-is-down").get()).isNotNull();
  }

  @Test
  @Order(3)
  void aWorkerJoinsTouchingOnlyItselfAndLeavesDrainedDeletedAndReset() {
    Operation add = cluster.addHost(sandbox.host("worker2").toHost(), Role.WORKER);
    assertThat(add.plan().steps()).noneMatch(step -> step.contains("etcdctl member add"));
    String worker1Started = unitStarts("worker1");
    OperationReport added = add.apply();
    System.out.println("HighAvailabilityTest: " + added);
    assertThat(cluster.spec().hosts()).extracting(h -> h.name()).contains("worker2");
    assertThat(ready(client.nodes().withName("worker2").get())).isTrue();
    // a worker needs no other host to change (no load balancer list names workers): nothing restarted on worker1
    assertThat(unitStarts("worker1")).isEqualTo(worker1Started);

    OperationReport removed = cluster.removeHost("worker2").apply();
    System.out.println("HighAvailabilityTest: " + removed);
    assertThat(client.nodes().withName("worker2").get()).isNull();
    assertThat(cluster.spec().hosts()).extracting(h -> h.name()).doesNotContain("worker2");
    SandboxHost gone = sandbox.host("worker2");
    assertThat(exec(gone, "systemctl is-active containerd kubelet kube-proxy kube-apiserver-lb").stdout().lines())
        .doesNotContain("active");
    assertThat(run(gone, "find /opt -mindepth 1 -maxdepth 1").stdout()).isEmpty();
    assertThat(run(gone, "ls /etc/systemd/system | grep -c -E '^(containerd|kubelet|kube-proxy|kube-apiserver-lb)"
        + "\\.service$'; true").stdout().strip()).isEqualTo("0");
  }

  @Test
  @Order(4)
  void removingAMemberThatWouldBreakQuorumIsRefusedBeforeAnythingChanges() throws IOException {
    assertThatThrownBy(() -> cluster.removeHost("worker9")).isInstanceOf(ClusterException.class)
        .hasMessageContaining("'worker9'");
    SandboxHost down = sandbox.host("control-plane3");
    run(down, "systemctl stop etcd");
    try {
      assertThatThrownBy(() -> cluster.removeHost("control-plane2").apply())
          .isInstanceOfSatisfying(OperationException.class, refusal -> {
            System.out.println("HighAvailabilityTest: " + refusal.getMessage());
            assertThat(refusal.refused()).isTrue();
            assertThat(refusal.getMessage()).contains("quorum").contains("control-plane3");
          });
      assertThat(cluster.etcd().members()).extracting(EtcdMember::name)
          .containsExactlyInAnyOrderElementsOf(CONTROL_PLANES);
      assertThat(run(sandbox.host("control-plane2"), "systemctl is-active etcd kube-apiserver kubelet").stdout())
          .isEqualTo("active\n".repeat(3));
    } finally {
      run(down, "systemctl start etcd");
    }
    await("control-plane3's etcd member is back", Duration.ofMinutes(2), () ->
        cluster.etcd().health().stream().filter(EtcdHealth::healthy).count() == 3);
    awaitEveryApiServerReady("control-plane3's etcd came back");
  }

  @Test
  @Order(5)
  void aSnapshotRestoresDeletedKeysAndTheOldDataDirectoriesAreKept(@TempDir Path backups) throws Exception {
    write("in-the-snapshot");
    EtcdSnapshot snapshot = cluster.etcd().snapshot(backups.resolve("etcd.db"));
    System.out.println("HighAvailabilityTest: " + snapshot);
    assertThat(snapshot.revision()).isPositive();
    assertThat(snapshot.keys()).isPositive();
    // what etcd itself reads from the file that arrived here, not what kubestrap computed from it
    JsonNode arrived = snapshotStatus(snapshot.file());
    assertThat(arrived.path("revision").asLong()).as("revision of the file that arrived")
        .isEqualTo(snapshot.revision());
    assertThat(arrived.path("totalKey").asLong()).as("keys of the file that arrived").isEqualTo(snapshot.keys());
    client.configMaps().inNamespace("default").withName("in-the-snapshot").delete();
    await("the deleted ConfigMap is gone", Duration.ofMinutes(1), () ->
        client.configMaps().inNamespace("default").withName("in-the-snapshot").get() == null);

    Operation restore = cluster.etcd().restore(snapshot.file());
    System.out.println("HighAvailabilityTest: " + restore.plan());
    OperationReport restored = restore.apply();
    System.out.println("HighAvailabilityTest: " + restored);

    await("the ConfigMap is back", Duration.ofMinutes(3), () -> answers(() ->
        client.configMaps().inNamespace("default").withName("in-the-snapshot").get() != null));
    assertThat(cluster.etcd().health()).hasSize(3).allMatch(EtcdHealth::healthy);
    for (String member : CONTROL_PLANES) {
      assertThat(run(sandbox.host(member), "ls -d /opt/etcd/data.before-restore-*/member").stdout().lines())
          .as("the data directory %s had before the restore", member).hasSize(1);
    }
    awaitReady(nodeNames());
  }

  @Test
  @Order(6)
  void renewalMovesEveryLeafOnEveryHostForwardAndKeepsTheAuthorities() {
    CertificateExpiry before = cluster.certificates().expiry();
    OperationReport renewed = cluster.certificates().renew().apply();
    System.out.println("HighAvailabilityTest: " + renewed);
    CertificateExpiry after = cluster.certificates().expiry();
    System.out.println("HighAvailabilityTest: worker1's certificates\n" + after.of("worker1").orElseThrow().render());

    assertThat(after.hosts().keySet()).containsExactlyElementsOf(before.hosts().keySet());
    before.hosts().forEach((host, old) -> {
      Map<String, Instant> renewedLeaves = notAfter(after.of(host).orElseThrow().certificates());
      assertThat(old.certificates()).as("leaves on %s", host).isNotEmpty().allSatisfy(leaf ->
          assertThat(renewedLeaves.get(leaf.name())).as("%s on %s", leaf.name(), host).isAfter(leaf.notAfter()));
      assertThat(notAfter(after.of(host).orElseThrow().authorities())).as("CAs on %s", host)
          .isEqualTo(notAfter(old.authorities()));
    });
    write("after-renewal");
    awaitReady(nodeNames());
  }

  @Test
  @Order(7)
  void anUpgradeGoesComponentByComponentInSkewOrderWhileTheApiAnswers() throws Exception {
    if (!startedAtPreviousMinor) {
      BuiltPrograms.missing("no previous/ programs in " + programs.directory() + ": nothing older to upgrade from"
          + " (programs/build.sh builds them)");
    }
    String from = programs.previousVersion();
    String to = programs.version("kubelet");
    assertThatThrownBy(() -> cluster.upgrade("1.38.0")).isInstanceOf(ClusterException.class)
        .hasMessageContaining("skips 1.36").hasMessageContaining("nothing was touched");
    assertThatThrownBy(() -> cluster.upgrade("1.34.0")).isInstanceOf(ClusterException.class)
        .hasMessageContaining("goes down");

    Operation upgrade = cluster.upgrade(to);
    System.out.println("HighAvailabilityTest: " + upgrade.plan());
    AtomicBoolean upgrading = new AtomicBoolean(true);
    AtomicLong longestSilence = new AtomicLong();
    Thread watcher = new Thread(() -> watchTheApi(upgrading, longestSilence), "api-watcher");
    watcher.start();
    OperationReport report;
    try {
      report = upgrade.apply();
    } finally {
      upgrading.set(false);
      watcher.join();
    }
    System.out.println("HighAvailabilityTest: " + report);

    assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v" + to);
    assertThat(client.nodes().list().getItems()).hasSize(4).allSatisfy(node -> {
      assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v" + to);
      assertThat(node.getSpec().getUnschedulable()).as("cordoned %s", node.getMetadata().getName()).isNotEqualTo(true);
    });
    assertThat(cluster.spec().kubernetesVersion().toString()).isEqualTo(to);
    assertThat(longestSilence.get()).as("longest time without an answer through worker1's load balancer, ms")
        .isLessThan(15_000);

    // When each new program was placed, per host: every apiserver, one host after another, before any controller;
    // every controller before any node's kubelet; the nodes one after another.
    List<Double> apiservers = placed("kube-apiserver", CONTROL_PLANES);
    List<Double> controllers = new ArrayList<>(placed("kube-controller-manager", CONTROL_PLANES));
    controllers.addAll(placed("kube-scheduler", CONTROL_PLANES));
    List<String> nodes = cluster.spec().nodes().stream().map(h -> h.name()).toList();
    List<Double> kubelets = placed("kubelet", nodes);
    assertThat(apiservers).as("apiservers of %s, one at a time", CONTROL_PLANES).isSorted();
    assertThat(apiservers.get(2)).as("last apiserver before the first controller")
        .isLessThan(controllers.stream().min(Double::compare).orElseThrow());
    assertThat(controllers.stream().max(Double::compare).orElseThrow()).as("last controller before the first kubelet")
        .isLessThan(kubelets.get(0));
    assertThat(kubelets).as("kubelets of %s, node by node", nodes).isSorted();
    System.out.printf("HighAvailabilityTest: upgrade %s -> %s in %d s, longest silence %d ms%n", from, to,
        report.took().toSeconds(), longestSilence.get());
  }

  /**
   * kubestrap's default add-ons, but CoreDNS from the image {@code programs/build.sh} built: the previous minor's
   * default CoreDNS is another version, which this machine cannot pull.
   */
  private Addon[] builtCoreDnsAtEveryVersion(ClusterBuilder builder) {
    ClusterSpec spec;
    try (Cluster defaults = builder.build()) {
      spec = defaults.spec();
    }
    // the current minor's CoreDNS is the one built (the manifest's versions drop the tag's "v")
    String image = CoreDns.imageFor(programs.version("kubelet"));
    return new Addon[] {
        Flannel.builder().network(spec.clusterCidr().toString()).cniBinDir(spec.layout().cniBinDir().toString())
            .cniConfDir(spec.layout().cniConfDir().toString()).build(),
        CoreDns.defaults().serviceIp(spec.dnsServiceIp().getHostAddress()).domain(spec.dnsDomain()).image(image)
            .build()};
  }

  private void awaitReady(List<String> nodes) {
    cluster.verify(READY, verifier -> verifier.checks(new ApiServerReadyCheck(1), new NodesReadyCheck(nodes, 3),
        new PodsReadyCheck(List.of("kube-system", "kube-flannel"), 3)));
  }

  /** Every node Ready, as its kubelet last posted; the failure names the kubelets' last words. */
  private void awaitNodesReady(String what) {
    try {
      await(what, Duration.ofMinutes(2), () ->
          client.nodes().list().getItems().stream().filter(HighAvailabilityTest::ready).count() == 4);
    } catch (AssertionError e) {
      StringBuilder kubelets = new StringBuilder(e.getMessage());
      for (String node : nodeNames()) {
        kubelets.append("\n$ journalctl -u kubelet on ").append(node).append('\n').append(exec(sandbox.host(node),
            "journalctl -u kubelet -n 25 --no-pager 2>&1").stdout());
      }
      throw new AssertionError(kubelets.toString(), e);
    }
  }

  private void write(String name) {
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
        .endMetadata().addToData("written", Instant.now().toString()).build()).serverSideApply();
  }

  private List<String> nodeNames() {
    return cluster.spec().nodes().stream().map(h -> h.name()).toList();
  }

  private boolean renewedAfter(String node, Instant moment) {
    Lease lease = client.leases().inNamespace("kube-node-lease").withName(node).get();
    return lease != null && lease.getSpec().getRenewTime().toInstant().isAfter(moment.plusSeconds(1));
  }

  private String holder(String lease) {
    Lease found = client.leases().inNamespace("kube-system").withName(lease).get();
    return found == null || found.getSpec().getHolderIdentity() == null ? "" : found.getSpec().getHolderIdentity();
  }

  private static boolean ready(Node node) {
    return node != null && node.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** When the host's kubelet and load balancer last started, on the machine's monotonic clock. */
  private String unitStarts(String host) {
    return run(sandbox.host(host), "systemctl show -p ActiveEnterTimestampMonotonic --value kubelet kube-apiserver-lb")
        .stdout();
  }

  /** When {@code /opt/<program>/<program>} was placed on each host, in seconds since the epoch. */
  private List<Double> placed(String program, List<String> hosts) {
    return hosts.stream().map(host -> Double.parseDouble(run(sandbox.host(host),
        "stat -c %.9Y /opt/" + program + "/" + program).stdout().strip())).toList();
  }

  private static Map<String, Instant> notAfter(List<ExpiryReport.Entry> entries) {
    return entries.stream().collect(Collectors.toMap(ExpiryReport.Entry::name, ExpiryReport.Entry::notAfter));
  }

  /** Lists ConfigMaps through worker1's load balancer every 500 ms; records the longest time without an answer. */
  private void watchTheApi(AtomicBoolean running, AtomicLong longestSilence) {
    long lastAnswer = System.nanoTime();
    while (running.get()) {
      try {
        client.configMaps().inNamespace("default").list();
        lastAnswer = System.nanoTime();
      } catch (RuntimeException e) {
        longestSilence.accumulateAndGet((System.nanoTime() - lastAnswer) / 1_000_000L, Math::max);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean answers(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!answers(condition)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what, e);
      }
    }
  }

  /** {@code snapshot status} of a local snapshot file, read by etcd's own tool on a member from a copy there. */
  private JsonNode snapshotStatus(Path file) {
    String copy = "/root/arrived-snapshot.db";
    try (SshTransport member = sandbox.host(CONTROL_PLANES.get(0)).connect()) {
      member.put(file, copy, FileMode.of(0600));
      try {
        return JsonMapper.builder().build().readTree(member.run(Command.of(new Etcd(cluster.spec()).snapshotTool()
            .toString(), "snapshot", "status", copy, "-w", "json")).stdout());
      } finally {
        member.remove(copy);
      }
    }
  }
}
