package dev.kubestrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.binaries.BuildManifest;
import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.cluster.ClusterReport;
import dev.kubestrap.cluster.Host;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.sandbox.junit.SandboxExtension;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
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
 * The seed's cluster installed by kubestrap on sandbox hosts with the real programs, built from their official Go
 * modules by {@code programs/build.sh}: kube-apiserver, kube-controller-manager, kube-scheduler, kubelet,
 * kube-proxy, etcd 3.6, containerd 2, runc, the CNI plugins, and the Flannel, CoreDNS and pause images. Checked
 * with the real {@code kubectl} and the hosts' own {@code etcdctl} and {@code iptables}. See
 * {@code docs/end-to-end.md} for which steps run for real.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealClusterEndToEndTest {
  private static final String CLUSTER_CIDR = "10.244.0.0/16";
  private static final String SERVICE_CIDR = "10.254.0.0/16";
  private static final String DNS_SERVICE_IP = "10.254.0.2";

  @RegisterExtension
  static final SandboxExtension SANDBOX = SandboxExtension.of(Sandbox.builder().hosts("master", "node"));

  private Path dir;
  private BuiltPrograms programs;
  private Sandbox sandbox;
  private SandboxHost master;
  private SandboxHost node;
  private Cluster cluster;
  private ClusterReport firstApply;

  @BeforeAll
  void installTheCluster(Sandbox sandbox, @TempDir Path temporary) {
    dir = temporary;
    programs = BuiltPrograms.require();
    this.sandbox = sandbox;
    master = sandbox.host("master");
    node = sandbox.host("node");
    cluster = seedCluster().build();
    firstApply = cluster.apply();
    preloadImages(node);
  }

  @AfterAll
  void closeTheCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void etcdAnswersOverMutualTlsWithTheApiServersCertificate() {
    String health = run(master, "cd /opt/etcd && ./etcdctl --endpoints=https://" + master.address() + ":2379"
        + " --cacert=$(find /opt/kube-apiserver -name etcd-ca.pem)"
        + " --cert=$(find /opt/kube-apiserver -name apiserver-etcd-client.pem)"
        + " --key=$(find /opt/kube-apiserver -name apiserver-etcd-client-key.pem) endpoint health").stdout();
    assertThat(health).contains("is healthy");
  }

  @Test
  @Order(2)
  void theApiServerIsReadyAndTheControllersHoldTheirLeases() throws Exception {
    assertThat(kubectl("get", "--raw", "/readyz")).isEqualTo("ok");
    for (String lease : List.of("kube-controller-manager", "kube-scheduler")) {
      assertThat(kubectl("-n", "kube-system", "get", "lease", lease, "-o", "jsonpath={.spec.holderIdentity}"))
          .as("leader of %s", lease).startsWith(master.name());
    }
  }

  @Test
  @Order(3)
  void theNodeRegisteredAndKubeProxyWroteItsRules() throws Exception {
    assertThat(kubectl("get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}"))
        .isEqualTo(node.name() + "\n");
    assertThat(run(node, "iptables -t nat -S KUBE-SERVICES").stdout()).contains("default/kubernetes:https");
  }

  @Test
  @Order(4)
  void theClusterVerifiesWithFlannelCoreDnsASmokePodAndDns() throws Exception {
    String busybox = image("localhost/kubestrap/busybox");
    cluster.verify(Duration.ofMinutes(5), verifier -> verifier.smokeImage(busybox).dnsImage(busybox));

    assertThat(kubectl("-n", "kube-flannel", "get", "pods", "-o",
        "jsonpath={range .items[*]}{.status.phase}{\"\\n\"}{end}")).isEqualTo("Running\n");
    assertThat(kubectl("-n", "kube-flannel", "get", "configmap", "kube-flannel-cfg", "-o",
        "jsonpath={.data.net-conf\\.json}")).contains("\"Network\": \"" + CLUSTER_CIDR + "\"");
    assertThat(kubectl("-n", "kube-system", "get", "service", "kube-dns", "-o", "jsonpath={.spec.clusterIP}"))
        .isEqualTo(DNS_SERVICE_IP);
  }

  @Test
  @Order(5)
  void aSecondApplySendsNothingAndRestartsNothing() {
    ClusterReport again = cluster.apply();

    assertThat(firstApply.bytesSent()).isPositive();
    assertThat(again.bytesSent()).isZero();
    assertThat(again.servicesRestarted()).isEmpty();
    assertThat(again.objectsChanged()).isEmpty();
  }

  private ClusterBuilder seedCluster() {
    return ClusterBuilder.named("seed")
        .serviceCidr(SERVICE_CIDR).clusterCidr(CLUSTER_CIDR).dnsServiceIp(DNS_SERVICE_IP)
        .kubernetesVersion(programs.version("kubelet"))
        .etcdVersion(programs.version("etcd")).containerdVersion(programs.version("containerd"))
        .runcVersion(programs.version("runc")).crictlVersion(programs.version("crictl"))
        .cniPluginsVersion(programs.version("cni-plugins"))
        .master(Host.of(master)).worker(Host.of(node))
        .binaries(programs.source())
        .allowCgroupV1(sandbox.hostsUseCgroupV1())
        .stateDir(dir.resolve("state"))
        .healthTimeout(Duration.ofSeconds(120));
  }

  private String image(String repository) {
    return programs.manifest().images().stream().filter(entry -> entry.component().equals("image:" + repository))
        .findFirst().orElseThrow().imageReference();
  }

  /** Imports every image archive into containerd's k8s.io namespace on {@code host}. */
  private void preloadImages(SandboxHost host) {
    try (SshTransport ssh = host.connect()) {
      for (BuildManifest.Entry image : programs.manifest().images()) {
        String remote = "/var/tmp/" + Path.of(image.file()).getFileName();
        ssh.put(programs.directory().resolve(image.file()), remote, FileMode.of(0600));
        ssh.run(Command.of("/opt/containerd/bin/ctr", "-n", "k8s.io", "images", "import", remote));
      }
    }
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

  private static ExecResult run(SandboxHost host, String script) {
    try (SshTransport ssh = host.connect()) {
      return ssh.run(Command.script(script));
    }
  }
}
