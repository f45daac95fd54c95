package dev.kubestrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.addons.AddonApplier;
import dev.kubestrap.addons.AddonApplyException;
import dev.kubestrap.addons.ClusterRbac;
import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.cluster.ClusterReport;
import dev.kubestrap.cluster.Host;
import dev.kubestrap.cluster.ResetOption;
import dev.kubestrap.component.Etcd;
import dev.kubestrap.component.KubeApiServer;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.sandbox.junit.SandboxExtension;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.ssh.SshTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's cluster — its CIDRs, one control-plane host, here with two workers — installed by kubestrap on
 * sandbox hosts with the real programs, built from their official Go modules by {@code programs/build.sh}:
 * kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, etcd 3.6, containerd 2, runc, the
 * CNI plugins, and the Flannel, CoreDNS and pause images. Checked with the real {@code kubectl} here and the hosts'
 * own {@code etcdctl} and {@code iptables}. See {@code docs/end-to-end.md} for which steps run for real.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealClusterEndToEndTest {
  private static final String CLUSTER_CIDR = "10.244.0.0/16";
  private static final String SERVICE_CIDR = "10.254.0.0/16";
  private static final String DNS_SERVICE_IP = "10.254.0.2";
  private static final List<String> CONTROL_PLANE_UNITS =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler");
  private static final List<String> NODE_UNITS = List.of("containerd", "kubelet", "kube-proxy");

  @RegisterExtension
  static final SandboxExtension SANDBOX = SandboxExtension.of(Sandbox.builder().hosts("master", "worker1", "worker2"));

  private Path dir;
  private BuiltPrograms programs;
  private Sandbox sandbox;
  private SandboxHost master;
  private List<SandboxHost> workers;
  private Cluster cluster;
  private ClusterReport firstApply;

  @BeforeAll
  void installTheCluster(Sandbox sandbox, @TempDir Path temporary) {
    dir = temporary;
    programs = BuiltPrograms.require();
    this.sandbox = sandbox;
    master = sandbox.host("master");
    workers = List.of(sandbox.host("worker1"), sandbox.host("worker2"));
    cluster = seedCluster().build();
    firstApply = cluster.apply();
  }

  @AfterAll
  void closeTheCluster() {
    if (cluster != null) {
      cluster.close();
    }
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
    String kubelet = " --cert=/opt/kubelet/kubelet-server-master.pem --key=/opt/kubelet/kubelet-server-master-key.pem";

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
        .isEqualTo("master|node-role.kubernetes.io/control-plane=NoSchedule|\n"
            + "worker1|=|\nworker2|=|\n");
    assertThat(kubectl("get", "node", "master", "-o", "jsonpath={.metadata.labels}"))
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
        "jsonpath={.data.net-conf\\.json}")).contains("\"Network\": \"" + CLUSTER_CIDR + "\"");
    assertThat(kubectl("-n", "kube-system", "get", "service", "kube-dns", "-o", "jsonpath={.spec.clusterIP}"))
        .isEqualTo(DNS_SERVICE_IP);
  }

  /**
   * The defect that a suite of stand-ins hid: the admin identity's only right is the binding the cluster RBAC
   * itself creates, so applying that RBAC as admin is refused by a real API server with 403. kubestrap applies it
   * as the super-admin ({@code system:masters}), which also repairs a deleted binding.
   */
  @Test
  @Order(6)
  void rbacBootstrapDeadlockTheAdminAloneIsRefusedAndTheSuperAdminRepairsIt() throws Exception {
    kubectlAs(Path.of(dir.resolve("state").toString(), "super-admin.kubeconfig"),
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
    ClusterReport again = cluster.apply();

    assertThat(firstApply.bytesSent()).isPositive();
    assertThat(again.bytesSent()).isZero();
    assertThat(again.servicesRestarted()).isEmpty();
    assertThat(again.objectsChanged()).isEmpty();
  }

  @Test
  @Order(8)
  void aNewApiServerFlagRestartsOnlyTheApiServer() {
    try (Cluster changed = seedCluster().extraFlag(ComponentName.KUBE_APISERVER, "--event-ttl", "2h").build()) {
      ClusterReport report = changed.apply();

      assertThat(report.servicesRestarted()).hasSize(1);
      assertThat(report.servicesRestarted(master.name())).singleElement().asString().contains("kube-apiserver");
    }
    assertThat(run(master, "systemctl cat kube-apiserver").stdout()).contains("--event-ttl=2h");
  }

  private ClusterBuilder seedCluster() {
    return ClusterBuilder.named("seed")
        .serviceCidr(SERVICE_CIDR).clusterCidr(CLUSTER_CIDR).dnsServiceIp(DNS_SERVICE_IP)
        .kubernetesVersion(programs.version("kubelet"))
        .etcdVersion(programs.version("etcd")).containerdVersion(programs.version("containerd"))
        .runcVersion(programs.version("runc")).crictlVersion(programs.version("crictl"))
        .cniPluginsVersion(programs.version("cni-plugins"))
        .master(Host.of(master)).worker(Host.of(workers.get(0))).worker(Host.of(workers.get(1)))
        .binaries(programs.source())
        .preloadImages(programs.directory().resolve("images"))
        .allowCgroupV1(sandbox.hostsUseCgroupV1()).containerHosts(true)
        .stateDir(dir.resolve("state"))
        .healthTimeout(Duration.ofSeconds(120));
  }

  private List<SandboxHost> hosts() {
    List<SandboxHost> all = new ArrayList<>(List.of(master));
    all.addAll(workers);
    return all;
  }

  private String image(String repository) {
    return programs.manifest().images().stream().filter(entry -> entry.component().equals("image:" + repository))
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

  private static ExecResult run(SandboxHost host, String script) {
    try (SshTransport ssh = host.connect()) {
      return ssh.run(Command.script(script));
    }
  }

  private static ExecResult exec(SandboxHost host, String script) {
    try (SshTransport ssh = host.connect()) {
      return ssh.exec(Command.script(script));
    }
  }
}
