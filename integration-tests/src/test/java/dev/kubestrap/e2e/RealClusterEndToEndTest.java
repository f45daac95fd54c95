package dev.kubestrap.e2e;

import static dev.kubestrap.e2e.HostShell.exec;
import static dev.kubestrap.e2e.HostShell.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.addons.AddonApplier;
import dev.kubestrap.addons.AddonApplyException;
import dev.kubestrap.addons.ClusterRbac;
import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterReport;
import dev.kubestrap.cluster.ResetOption;
import dev.kubestrap.component.Etcd;
import dev.kubestrap.component.KubeApiServer;
import dev.kubestrap.binaries.BuildManifest;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.sandbox.cluster.SandboxCluster;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.transport.ExecResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The run's sandbox cluster — one control-plane host and two workers, from the JUnit 5 fixture — installed by
 * kubestrap with the real programs, built from their official Go modules by {@code programs/build.sh}:
 * kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, etcd 3.6, containerd 2, runc, the
 * CNI plugins, and the Flannel, CoreDNS and pause images. Checked with the real {@code kubectl} here and the hosts'
 * own {@code etcdctl} and {@code iptables}. See {@code docs/end-to-end.md} for which steps run for real.
 */
@ClusterBuiltFromSource
@Order(5)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealClusterEndToEndTest {
  private static final List<String> CONTROL_PLANE_UNITS =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler");
  private static final List<String> NODE_UNITS = List.of("containerd", "kubelet", "kube-proxy");

  private SandboxCluster sandbox;
  private Cluster cluster;
  private SandboxHost master;
  private List<SandboxHost> workers;

  @BeforeAll
  void takeTheHosts() {
    StartedSandboxes.record(sandbox);
    master = sandbox.sandbox().host("control-plane");
    workers = List.of(sandbox.sandbox().host("worker1"), sandbox.sandbox().host("worker2"));
  }

  @Test
  @Order(1)
  void everyServiceRunsOnItsHostsAndEveryKeyIsReadableByRootOnly() {
    List<String> masterUnits = new ArrayList<>(CONTROL_PLANE_UNITS);
    masterUnits.addAll(NODE_UNITS);
    assertThat(run(master, "systemctl is-active " + String.join(" ", masterUnits)).stdout())
        .isEqualTo("active\n".repeat(masterUnits.size()));
    for (SandboxHost worker : workers) {
      assertThat(run(worker, "systemctl is-active " + String.join(" ", NODE_UNITS)).stdout())
          .isEqualTo("active\n".repeat(NODE_UNITS.size()));
      assertThat(exec(worker, "systemctl is-active " + String.join(" ", CONTROL_PLANE_UNITS)).stdout().lines())
          .doesNotContain("active");
    }
    for (SandboxHost host : hosts()) {
      List<String> secrets = run(host, "find /opt -type f \\( -name '*-key.pem' -o -name '*.kubeconfig'"
          + " -o -name 'encryption-config.yaml' \\) -printf '%m %p\\n'").stdout().lines().toList();
      assertThat(secrets).as("secret files on %s", host.name()).isNotEmpty()
          .allSatisfy(line -> assertThat(line).startsWith("600 "));
    }
  }

  @Test
  @Order(2)
  void etcdAnswersTheApiServersCertificateAndRefusesANodesCertificate() {
    String etcdctl = "/opt/etcd/etcdctl --endpoints=https://" + master.address() + ":2379 --dial-timeout=5s"
        + " --command-timeout=5s --cacert=/opt/kube-apiserver/" + Etcd.CA;
    String apiServer = " --cert=/opt/kube-apiserver/" + KubeApiServer.ETCD_CLIENT
        + " --key=/opt/kube-apiserver/" + KubeApiServer.ETCD_CLIENT.replace(".pem", "-key.pem");
    String kubelet = " --cert=/opt/kubelet/kubelet-server-" + master.name() + ".pem --key=/opt/kubelet/kubelet-server-"
        + master.name() + "-key.pem";

    assertThat(run(master, etcdctl + apiServer + " endpoint health 2>&1").stdout()).contains("is healthy");
    ExecResult refused = exec(master, etcdctl + kubelet + " endpoint health 2>&1");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stdout()).contains("unhealthy");
  }

  @Test
  @Order(3)
  void theApiServerIsReadyAndTheControllersHoldTheirLeases() throws Exception {
    assertThat(kubectl("get", "--raw", "/readyz")).isEqualTo("ok");
    for (String lease : List.of("kube-controller-manager", "kube-scheduler")) {
      assertThat(kubectl("-n", "kube-system", "get", "lease", lease, "-o", "jsonpath={.spec.holderIdentity}"))
          .as("leader of %s", lease).startsWith(master.name());
    }
  }

  @Test
  @Order(4)
  void everyHostIsANodeAndTheControlPlaneIsTaintedAndLabelled() throws Exception {
    assertThat(kubectl("get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name}"
        + "|{.spec.taints[*].key}={.spec.taints[*].effect}"
        + "|{.metadata.labels.node-role\\.kubernetes\\.io/control-plane}{\"\\n\"}{end}"))
        .isEqualTo("control-plane|node-role.kubernetes.io/control-plane=NoSchedule|\n"
            + "worker1|=|\nworker2|=|\n");
    assertThat(kubectl("get", "node", "control-plane", "-o", "jsonpath={.metadata.labels}"))
        .contains("\"node-role.kubernetes.io/control-plane\":\"\"");
    for (SandboxHost host : hosts()) {
      assertThat(run(host, "iptables -t nat -S KUBE-SERVICES").stdout()).as("kube-proxy's rules on %s", host.name())
          .contains("default/kubernetes:https");
    }
  }

  @Test
  @Order(5)
  void theClusterVerifiesWithFlannelCoreDnsASmokePodAndDns() throws Exception {
    String busybox = image("localhost/kubestrap/busybox");
    try {
      cluster.verify(Duration.ofMinutes(5), verifier -> verifier.smokeImage(busybox).dnsImage(busybox));
    } catch (RuntimeException e) {
      e.addSuppressed(new AssertionError("cluster state:\n" + diagnostics()));
      throw e;
    }
    assertThat(kubectl("-n", "kube-flannel", "get", "pods", "-o",
        "jsonpath={range .items[*]}{.status.phase}{\"\\n\"}{end}")).isEqualTo("Running\n".repeat(3));
    assertThat(kubectl("-n", "kube-flannel", "get", "configmap", "kube-flannel-cfg", "-o",
        "jsonpath={.data.net-conf\\.json}")).contains("\"Network\": \"" + cluster.spec().clusterCidr() + "\"");
    assertThat(kubectl("-n", "kube-system", "get", "service", "kube-dns", "-o", "jsonpath={.spec.clusterIP}"))
        .isEqualTo(cluster.spec().dnsServiceIp().getHostAddress());
  }

  /**
   * The defect that a suite of stand-ins hid: the admin identity's only right is the binding the cluster RBAC
   * itself creates, so applying that RBAC as admin is refused by a real API server with 403. kubestrap applies it
   * as the super-admin ({@code system:masters}), which also repairs a deleted binding.
   */
  @Test
  @Order(6)
  void rbacBootstrapDeadlockTheAdminAloneIsRefusedAndTheSuperAdminRepairsIt() throws Exception {
    kubectlAs(cluster.stateDir().resolve("super-admin.kubeconfig"),
        "delete", "clusterrolebinding", ClusterRbac.ADMIN_BINDING);

    assertThatThrownBy(() -> AddonApplier.builder(cluster.client()).build().apply(ClusterRbac.defaults()))
        .isInstanceOf(AddonApplyException.class).hasMessageContaining("403");

    ClusterReport repaired = cluster.apply();
    assertThat(repaired.objectsChanged()).extracting(Object::toString).anySatisfy(change ->
        assertThat(change).contains(ClusterRbac.ADMIN_BINDING));
    assertThat(kubectl("auth", "can-i", "*", "*")).isEqualTo("yes\n");
  }

  @Test
  @Order(7)
  void aSecondApplySendsNothingAndRestartsNothing() {
    cluster.apply();
    ClusterReport again = cluster.apply();

    assertThat(again.bytesSent()).isZero();
    assertThat(again.servicesRestarted()).isEmpty();
    assertThat(again.hosts().hosts()).as("systemd's answers read as running and enabled")
        .allSatisfy(host -> assertThat(host.servicesStarted()).as(host.host().name()).isEmpty());
    assertThat(again.objectsChanged()).isEmpty();
  }

  /**
   * Leaves the flag in place: this class runs last, and the reset with a fresh apply of the fixture's own spec
   * that follows takes it back.
   */
  @Test
  @Order(8)
  void aNewApiServerFlagRestartsOnlyTheApiServer() {
    try (Cluster changed = sandbox.changedCluster()
        .spec(s -> s.extraFlag(ComponentName.KUBE_APISERVER, "--event-ttl", "2h")).build()) {
      ClusterReport report = changed.apply();

      assertThat(report.servicesRestarted()).hasSize(1);
      assertThat(report.servicesRestarted(master.name())).singleElement().asString().contains("kube-apiserver");
    }
    assertThat(run(master, "systemctl cat kube-apiserver").stdout()).contains("--event-ttl=2h");
  }

  /**
   * The defect: left to itself flanneld takes the interface of the host's default route, wrong on a host with
   * several interfaces. worker2 gets a decoy interface that carries the default route; its restarted flanneld
   * must still announce the node's registered address.
   */
  @Test
  @Order(9)
  void flannelAnnouncesTheNodesAddressNotTheDefaultRoutesInterface() throws Exception {
    SandboxHost worker = workers.get(1);
    String defaultRoute = run(worker, "ip -4 route show default").stdout().strip();
    try {
      // a veth pair with both ends on the host: the dummy device's module may be missing, veth never is here
      run(worker, "ip link add ks-decoy type veth peer name ks-decoy-peer"
          + " && ip addr add 198.18.0.254/32 dev ks-decoy && ip link set ks-decoy-peer up"
          + " && ip link set ks-decoy up && ip route del default"
          // the source hint keeps the host's own connections (to a service IP, say) on its real address
          + " && ip route add default dev ks-decoy src " + worker.address());
      kubectl("-n", "kube-flannel", "delete", "pod", "-l", "app=flannel", "--field-selector",
          "spec.nodeName=" + worker.name(), "--wait=true");
      waitForFlannelOn(worker.name());
      assertThat(kubectl("get", "node", worker.name(), "-o",
          "jsonpath={.metadata.annotations.flannel\\.alpha\\.coreos\\.com/public-ip}"))
          .isEqualTo(worker.address());
    } finally {
      run(worker, "ip link del ks-decoy 2>/dev/null; ip route replace " + defaultRoute);
    }
  }

  private void waitForFlannelOn(String node) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    String ready = "";
    while (!ready.equals("True") && System.nanoTime() < deadline) {
      Thread.sleep(2_000);
      ready = kubectl("-n", "kube-flannel", "get", "pods", "-l", "app=flannel", "--field-selector",
          "spec.nodeName=" + node, "-o", "jsonpath={.items[*].status.conditions[?(@.type==\"Ready\")].status}");
    }
    assertThat(ready).as("flannel's pod on %s ready", node).isEqualTo("True");
  }

  /**
   * After real pods ran: no unit, no file, no pod process, no mount, no CNI link, no chain of kube-proxy or Flannel
   * and no CNI or kubelet state is left — and the hosts take a fresh apply.
   */
  @Test
  @Order(10)
  void resetReturnsEveryHostToHowItWasAndAFreshApplySucceeds() throws Exception {
    cluster.reset(ResetOption.DELETE_DATA);

    List<String> units = new ArrayList<>(CONTROL_PLANE_UNITS);
    units.addAll(NODE_UNITS);
    for (SandboxHost host : hosts()) {
      String name = host.name();
      assertThat(exec(host, "systemctl is-active " + String.join(" ", units)).stdout().lines())
          .as("units on %s", name).doesNotContain("active");
      assertThat(run(host, "find /opt -mindepth 1 -maxdepth 1").stdout()).as("/opt on %s", name).isEmpty();
      assertThat(run(host, "ps -e -o comm= | grep -c -e containerd-shim -e pause -e flanneld -e coredns; true")
          .stdout().strip()).as("pod processes on %s", name).isEqualTo("0");
      assertThat(run(host, "grep -c -e ' /var/lib/kubelet/' -e ' /run/containerd/' -e ' /run/netns/' /proc/self/mounts;"
          + " true").stdout().strip()).as("mounts on %s", name).isEqualTo("0");
      assertThat(run(host, "ip -o link show | grep -c -e ' cni0:' -e ' flannel.1:' -e ' veth'; true").stdout().strip())
          .as("CNI links on %s", name).isEqualTo("0");
      assertThat(run(host, "iptables-save; ip6tables-save").stdout().lines()
          .filter(line -> line.contains("KUBE-") || line.contains("FLANNEL-"))).as("chains on %s", name).isEmpty();
      assertThat(exec(host, "ls -d /var/lib/kubelet /var/lib/cni /run/flannel /etc/cni/net.d/10-flannel.conflist")
          .stdout()).as("state on %s", name).isEmpty();
    }

    ClusterReport fresh = cluster.apply();
    assertThat(fresh.bytesSent()).isPositive();
    String busybox = image("localhost/kubestrap/busybox");
    cluster.verify(Duration.ofMinutes(5), verifier -> verifier.smokeImage(busybox).dnsImage(busybox));
  }

  private List<SandboxHost> hosts() {
    List<SandboxHost> all = new ArrayList<>(List.of(master));
    all.addAll(workers);
    return all;
  }

  private String image(String repository) {
    return BuildManifest.in(sandbox.spec().programs().orElseThrow()).orElseThrow().images().stream()
        .filter(entry -> entry.component().equals("image:" + repository))
        .findFirst().orElseThrow().imageReference();
  }

  /** What a person would look at first when the cluster does not come up. */
  private String diagnostics() {
    StringBuilder text = new StringBuilder();
    for (String[] args : List.of(new String[] {"get", "pods", "-A", "-o", "wide"},
        new String[] {"get", "events", "-A", "--sort-by=.lastTimestamp"},
        new String[] {"-n", "kube-flannel", "logs", "daemonset/kube-flannel-ds", "--all-containers", "--tail=40"},
        new String[] {"-n", "kube-system", "logs", "deployment/coredns", "--tail=40"})) {
      try {
        text.append("$ kubectl ").append(String.join(" ", args)).append('\n').append(kubectl(args));
      } catch (Exception | AssertionError e) {
        text.append(e.getMessage()).append('\n');
      }
    }
    for (SandboxHost host : hosts()) {
      text.append("$ journalctl -u kubelet on ").append(host.name()).append('\n')
          .append(run(host, "journalctl -u kubelet -n 40 --no-pager 2>&1; true").stdout());
    }
    return text.toString();
  }

  private String kubectl(String... args) throws Exception {
    return kubectlAs(cluster.adminKubeconfig(), args);
  }

  private static String kubectlAs(Path kubeconfig, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
        "--request-timeout=20s"));
    argv.addAll(List.of(args));
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl %s: %s", argv, output).isZero();
    return output;
  }
}
