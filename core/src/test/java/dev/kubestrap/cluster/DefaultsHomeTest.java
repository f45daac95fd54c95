package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.InstallUnit;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.PutBinary;
import dev.kubestrap.plan.PutFile;
import dev.kubestrap.spec.Cidr;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.transport.ssh.SshConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each default is read from its one home (a {@link ClusterSpec} or {@link SshConfig} constant) and found in the plan
 * of a cluster that sets nothing: the builders, the spec, the components and the add-ons all take it from there.
 */
class DefaultsHomeTest {
  private static final String MASTER = "10.1.0.15";
  private static final String NODE = "10.1.0.16";

  @TempDir
  Path tmp;

  private Cluster cluster;
  private ClusterPlan plan;

  @BeforeEach
  void clusterWithNothingSet() {
    cluster = ClusterBuilder.named(ClusterSpec.DEFAULT_NAME)
        .master(Host.ssh(MASTER))
        .worker(Host.ssh(NODE))
        .stateDir(tmp.resolve("state"))
        .dryRunBinaries()
        .transports(host -> {
          throw new AssertionError("planning contacted " + host);
        })
        .build();
    plan = cluster.plan();
  }

  /** Every planned file and unit of {@code host}, by path, as text. */
  private Map<String, String> files(String host) {
    Map<String, String> files = new LinkedHashMap<>();
    for (Phase phase : Phase.values()) {
      for (Action action : plan.actions(phase, HostId.of(host))) {
        if (action instanceof PutFile put) {
          files.put(put.path(), new String(put.content(), StandardCharsets.UTF_8));
        } else if (action instanceof InstallUnit unit) {
          files.put(unit.path(), unit.text());
        }
      }
    }
    return files;
  }

  private String file(String host, String suffix) {
    return files(host).entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).map(Map.Entry::getValue)
        .findFirst().orElseThrow(() -> new AssertionError("no file *" + suffix + " on " + host + ": "
            + files(host).keySet()));
  }

  private static String serviceAddress(int index) {
    return Cidr.parse("serviceCidr", ClusterSpec.DEFAULT_SERVICE_CIDR).address(index).getHostAddress();
  }

  @Test
  void theServiceRangeAndTheAddressesDerivedFromItComeFromTheSpecConstants() throws Exception {
    String apiserver = file(MASTER, "kube-apiserver.service");
    String kubelet = file(NODE, "kubelet-config.yaml");
    String dnsAddon = String.join("\n", files(MASTER).values());

    assertThat(apiserver).contains("--service-cluster-ip-range=" + ClusterSpec.DEFAULT_SERVICE_CIDR);
    assertThat(kubelet).contains(serviceAddress(ClusterSpec.DEFAULT_DNS_SERVICE_INDEX))
        .contains(ClusterSpec.DEFAULT_DNS_DOMAIN);
    assertThat(dnsAddon).contains("clusterIP: \"" + serviceAddress(ClusterSpec.DEFAULT_DNS_SERVICE_INDEX) + "\"");
    X509Certificate serving = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(file(MASTER, "/kube-apiserver.pem")
            .getBytes(StandardCharsets.US_ASCII)));
    List<String> sans = new ArrayList<>();
    serving.getSubjectAlternativeNames().forEach(san -> sans.add(String.valueOf(san.get(1))));
    assertThat(sans).contains(serviceAddress(ClusterSpec.KUBERNETES_SERVICE_INDEX),
        "kubernetes.default.svc." + ClusterSpec.DEFAULT_DNS_DOMAIN);
  }

  @Test
  void portsRangesAndModesComeFromTheSpecConstants() {
    String apiserver = file(MASTER, "kube-apiserver.service");
    String etcd = file(MASTER, "etcd.service");

    assertThat(apiserver).contains("--secure-port=" + ClusterSpec.DEFAULT_API_SERVER_PORT)
        .contains("--etcd-servers=https://127.0.0.1:" + ClusterSpec.DEFAULT_ETCD_CLIENT_PORT);
    assertThat(etcd).contains(MASTER + ":" + ClusterSpec.DEFAULT_ETCD_PEER_PORT);
    assertThat(file(MASTER, "kube-controller-manager.service"))
        .contains("--cluster-cidr=" + ClusterSpec.DEFAULT_CLUSTER_CIDR)
        .contains("--cluster-name=" + ClusterSpec.DEFAULT_NAME);
    assertThat(file(NODE, "kube-proxy-config.yaml")).contains(ClusterSpec.DEFAULT_PROXY_MODE.configName());
    assertThat(file(MASTER, "encryption-config.yaml")).contains(ClusterSpec.DEFAULT_ENCRYPTION_PROVIDER.configName());
    assertThat(file(NODE, "kubelet-config.yaml")).contains("resolvConf: " + ClusterSpec.DEFAULT_RESOLV_CONF);
    assertThat(file(NODE, "kubelet.kubeconfig")).contains("current-context: " + ClusterSpec.DEFAULT_KUBECONFIG_CONTEXT);
  }

  @Test
  void programVersionsComeFromTheSpecConstants() {
    Map<String, String> versions = new LinkedHashMap<>();
    cluster.unresolvedBinaries().forEach(u -> versions.put(u.program(), u.version()));
    for (Phase phase : Phase.values()) {
      plan.actions(phase, HostId.of(NODE)).stream().filter(a -> a instanceof PutBinary).map(a -> (PutBinary) a)
          .forEach(b -> versions.put(Path.of(b.path()).getFileName().toString(), b.version()));
    }

    assertThat(versions).containsEntry("kubelet", ClusterSpec.DEFAULT_KUBERNETES_VERSION)
        .containsEntry("runc", ClusterSpec.DEFAULT_RUNC_VERSION)
        .containsEntry("containerd", ClusterSpec.DEFAULT_CONTAINERD_VERSION)
        .containsEntry("bridge", ClusterSpec.DEFAULT_CNI_PLUGINS_VERSION)
        .containsEntry("etcd", ClusterSpec.DEFAULT_ETCD_VERSION);
  }

  @Test
  void hostsAreReachedWithTheSshConfigDefaults() {
    SshConfig ssh = cluster.hosts().get(NODE).sshConfig().orElseThrow();

    assertThat(ssh.user()).isEqualTo(SshConfig.DEFAULT_USER);
    assertThat(ssh.port()).isEqualTo(SshConfig.DEFAULT_PORT);
    assertThat(cluster.hosts().get(NODE).target())
        .isEqualTo(SshConfig.DEFAULT_USER + "@" + NODE + ":" + SshConfig.DEFAULT_PORT);
  }
}
