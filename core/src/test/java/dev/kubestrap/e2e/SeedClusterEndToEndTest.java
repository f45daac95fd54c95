package dev.kubestrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.cluster.ClusterReport;
import dev.kubestrap.cluster.Host;
import dev.kubestrap.cluster.ResetOption;
import dev.kubestrap.component.Etcd;
import dev.kubestrap.component.KubeApiServer;
import dev.kubestrap.kubeconfig.Kubeconfig;
import dev.kubestrap.kubeconfig.User;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.sandbox.junit.SandboxExtension;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.ssh.SshTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The seed's cluster (one master, one node, its CIDRs) installed by kubestrap on two sandbox hosts over real SSH,
 * with real systemd, etcd (TLS from kubestrap's PKI), containerd and runc, checked with the real {@code kubectl} and
 * {@code etcdctl}. The Kubernetes programs are the test stand-ins unless {@code KUBESTRAP_OFFICIAL_BINARIES} names
 * a directory of official binaries; see {@code docs/end-to-end.md} for what is real and what is not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedClusterEndToEndTest {
  private static final String KUBERNETES_VERSION = "1.36.4";
  private static final String CLUSTER_CIDR = "10.244.0.0/16";
  private static final String SERVICE_CIDR = "10.254.0.0/16";
  private static final String DNS_SERVICE_IP = "10.254.0.2";
  private static final List<String> MASTER_UNITS =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler");
  private static final List<String> NODE_UNITS = List.of("containerd", "kubelet", "kube-proxy");

  @RegisterExtension
  static final SandboxExtension SANDBOX = SandboxExtension.of(GuestJava.current().bindInto(
      Sandbox.builder().hosts("master", "node").addPackages(Sandbox.KUBERNETES_HOST_PACKAGES)));

  private Path dir;

  private SandboxHost master;
  private SandboxHost node;
  private SandboxBinaries binaries;
  private Cluster cluster;
  private ClusterReport firstApply;

  @BeforeAll
  void installTheCluster(Sandbox sandbox, @TempDir Path temporary) throws Exception {
    dir = temporary;
    master = sandbox.host("master");
    node = sandbox.host("node");
    ClusterSpec versions = ClusterSpec.seedBuilder().kubernetesVersion(KUBERNETES_VERSION).build();
    binaries = SandboxBinaries.build(dir.resolve("binaries"), KUBERNETES_VERSION,
        versions.crictlVersion().toString(), versions.cniPluginsVersion().toString(), GuestJava.current());
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
  void everyServiceIsActiveOnItsHostAndOnlyThere() {
    assertThat(firstApply.bytesSent()).isPositive();
    assertThat(run(master, "systemctl is-active " + String.join(" ", MASTER_UNITS)).stdout())
        .isEqualTo("active\n".repeat(MASTER_UNITS.size()));
    assertThat(run(node, "systemctl is-active " + String.join(" ", NODE_UNITS)).stdout())
        .isEqualTo("active\n".repeat(NODE_UNITS.size()));
    assertThat(exec(master, "systemctl is-active " + String.join(" ", NODE_UNITS)).stdout().lines())
        .doesNotContain("active");
    assertThat(exec(node, "systemctl is-active " + String.join(" ", MASTER_UNITS)).stdout().lines())
        .doesNotContain("active");
  }

  @Test
  @Order(2)
  void everyPrivateKeyAndKubeconfigIsReadableByRootOnly() {
    for (SandboxHost host : List.of(master, node)) {
      String listing = run(host, "find /opt /etc/kubernetes -type f \\( -name '*-key.pem' -o -name '*.kubeconfig'"
          + " -o -name 'encryption-config.yaml' \\) -printf '%m %p\\n' 2>/dev/null; true").stdout();
      List<String> lines = listing.lines().toList();
      assertThat(lines).as("secret files on %s", host.name()).isNotEmpty();
      assertThat(lines).as("modes on %s", host.name()).allSatisfy(line -> assertThat(line).startsWith("600 "));
    }
  }

  @Test
  @Order(3)
  void etcdIsHealthyForTheApiServersCertificateAndRefusesANodesCertificate() throws Exception {
    Path etcdCa = fetch(master, find(master, "/opt/kube-apiserver", Etcd.CA), "etcd-ca.pem");
    String clientCert = find(master, "/opt/kube-apiserver", KubeApiServer.ETCD_CLIENT);
    Path cert = fetch(master, clientCert, "apiserver-etcd-client.pem");
    Path key = fetch(master, clientCert.replace(".pem", "-key.pem"), "apiserver-etcd-client-key.pem");

    Process healthy = etcdctl(etcdCa, cert, key);
    assertThat(healthy.exitValue()).as(output(healthy)).isZero();
    assertThat(output(healthy)).contains("is healthy");

    Kubeconfig kubelet = Kubeconfig.parse(new String(get(node, find(node, "/opt", "kubelet.kubeconfig")),
        StandardCharsets.UTF_8));
    User nodeUser = kubelet.users().get(0).user();
    Path nodeCert = Files.writeString(dir.resolve("kubelet-client.pem"), nodeUser.clientCertificatePem());
    Path nodeKey = Files.writeString(dir.resolve("kubelet-client-key.pem"), nodeUser.clientKeyPem());
    Process refused = etcdctl(etcdCa, nodeCert, nodeKey);
    assertThat(refused.exitValue()).as(output(refused)).isNotZero();
    assertThat(output(refused)).contains("unhealthy");
  }

  @Test
  @Order(4)
  void kubectlWithTheAdminKubeconfigListsTheNodeAsReady() throws Exception {
    String nodes = kubectl("get", "nodes", "-o",
        "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}");
    assertThat(nodes).isEqualTo("node=True\n");
  }

  @Test
  @Order(5)
  void flannelAndCoreDnsCarryTheSpecsClusterCidrAndDnsServiceIp() throws Exception {
    assertThat(kubectl("-n", "kube-flannel", "get", "configmap", "kube-flannel-cfg", "-o",
        "jsonpath={.data.net-conf\\.json}")).contains("\"Network\": \"" + CLUSTER_CIDR + "\"");
    assertThat(kubectl("-n", "kube-flannel", "get", "daemonset", "kube-flannel-ds", "-o", "name"))
        .isEqualTo("daemonset.apps/kube-flannel-ds\n");
    assertThat(kubectl("-n", "kube-system", "get", "service", "kube-dns", "-o", "jsonpath={.spec.clusterIP}"))
        .isEqualTo(DNS_SERVICE_IP);
    assertThat(kubectl("-n", "kube-system", "get", "deployment", "coredns", "-o", "name"))
        .isEqualTo("deployment.apps/coredns\n");
  }

  @Test
  @Order(6)
  void aSecondApplySendsNothingAndRestartsNothing() {
    ClusterReport again = cluster.apply();

    assertThat(again.bytesSent()).isZero();
    assertThat(again.filesSent()).isZero();
    assertThat(again.servicesRestarted()).isEmpty();
    assertThat(again.objectsChanged()).isEmpty();
  }

  @Test
  @Order(7)
  void aNewApiServerFlagRestartsOnlyTheApiServer() {
    try (Cluster changed = seedCluster().extraFlag(ComponentName.KUBE_APISERVER, "--event-ttl", "2h").build()) {
      ClusterReport report = changed.apply();

      assertThat(report.servicesRestarted()).hasSize(1);
      assertThat(report.servicesRestarted(master.name())).singleElement().asString().contains("kube-apiserver");
      assertThat(report.servicesRestarted(node.name())).isEmpty();
    }
    assertThat(run(master, "systemctl cat kube-apiserver").stdout()).contains("--event-ttl=2h");
    assertThat(run(master, "systemctl is-active kube-apiserver").stdout()).isEqualTo("active\n");
  }

  @Test
  @Order(8)
  void resetLeavesNoUnitAndNoOptTree() {
    cluster.reset(ResetOption.DELETE_DATA);

    for (SandboxHost host : List.of(master, node)) {
      List<String> units = new ArrayList<>(MASTER_UNITS);
      units.addAll(NODE_UNITS);
      for (String unit : units) {
        assertThat(exec(host, "test -e /etc/systemd/system/" + unit + ".service").exitCode())
            .as("%s.service on %s", unit, host.name()).isNotZero();
      }
      assertThat(exec(host, "systemctl is-active " + String.join(" ", units)).stdout().lines())
          .as("units on %s", host.name()).doesNotContain("active");
      assertThat(run(host, "find /opt -mindepth 1 -maxdepth 1").stdout()).as("/opt on %s", host.name()).isEmpty();
    }
  }

  private ClusterBuilder seedCluster() {
    return ClusterBuilder.named("seed")
        .kubernetesVersion(KUBERNETES_VERSION)
        .serviceCidr(SERVICE_CIDR).clusterCidr(CLUSTER_CIDR).dnsServiceIp(DNS_SERVICE_IP)
        .etcdVersion(binaries.etcdVersion()).containerdVersion(binaries.containerdVersion())
        .runcVersion(binaries.runcVersion())
        .master(Host.of(master)).worker(Host.of(node))
        .binaries(binaries.source())
        .stateDir(dir.resolve("state"))
        .healthTimeout(Duration.ofSeconds(90));
  }

  private String kubectl(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("kubectl", "--kubeconfig", cluster.adminKubeconfig().toString(),
        "--request-timeout=20s"));
    argv.addAll(List.of(args));
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl %s: %s", argv, output).isZero();
    return output;
  }

  private Process etcdctl(Path ca, Path cert, Path key) throws Exception {
    Process process = new ProcessBuilder("etcdctl", "--endpoints=https://" + master.address() + ":2379",
        "--cacert=" + ca, "--cert=" + cert, "--key=" + key, "--dial-timeout=5s", "--command-timeout=5s",
        "endpoint", "health").redirectErrorStream(true).start();
    process.getInputStream().transferTo(Files.newOutputStream(dir.resolve("etcdctl-" + process.pid() + ".log")));
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process;
  }

  private String output(Process process) {
    try {
      return Files.readString(dir.resolve("etcdctl-" + process.pid() + ".log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The one file named {@code fileName} under {@code root} on {@code host}. */
  private String find(SandboxHost host, String root, String fileName) {
    String found = run(host, "find " + root + " -type f -name '" + fileName + "'").stdout().strip();
    assertThat(found).as("%s on %s", fileName, host.name()).isNotEmpty().doesNotContain("\n");
    return found;
  }

  private Path fetch(SandboxHost host, String remotePath, String localName) throws IOException {
    return Files.write(dir.resolve(localName), get(host, remotePath));
  }

  private static byte[] get(SandboxHost host, String remotePath) {
    try (SshTransport ssh = host.connect()) {
      return ssh.get(remotePath);
    }
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
