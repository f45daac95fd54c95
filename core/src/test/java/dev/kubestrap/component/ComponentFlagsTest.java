package dev.kubestrap.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.component.config.ConfigFiles;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the seed got wrong (section 9 of its inventory) is right here. */
class ComponentFlagsTest {

  private final ClusterSpec seed = ClusterSpec.seedDefault();
  private final HostSpec master = seed.host("10.1.0.15");
  private final HostSpec node = seed.host("10.1.0.16");

  @Test
  void etcdKeepsDataOutOfItsBinaryDirectoryAndDemandsClientCertificates() {
    Map<String, String> flags = new Etcd(seed).flags(master);

    assertThat(flags).containsEntry("--data-dir", "/opt/etcd/data")
        .containsEntry("--client-cert-auth", "true")
        .containsEntry("--peer-client-cert-auth", "true")
        .containsEntry("--trusted-ca-file", "/opt/etcd/etcd-ca.pem")
        .containsEntry("--peer-trusted-ca-file", "/opt/etcd/etcd-ca.pem")
        .containsEntry("--cert-file", "/opt/etcd/etcd-server-10.1.0.15.pem")
        .containsEntry("--key-file", "/opt/etcd/etcd-server-10.1.0.15-key.pem")
        .containsEntry("--peer-cert-file", "/opt/etcd/etcd-peer-10.1.0.15.pem")
        .containsEntry("--listen-client-urls", "https://10.1.0.15:2379,https://127.0.0.1:2379")
        .containsEntry("--initial-cluster-token", "kubernetes")
        .as("the members to form are read from the bootstrap file, and only while the data directory is empty")
        .doesNotContainKeys("--initial-cluster", "--initial-cluster-state");
  }

  @Test
  void snapshotsAreReadAndRestoredWithEtcdutlFromEtcd35OnAndWithEtcdctlIn34() {
    ClusterSpec etcd34 = seed.toBuilder().etcdVersion("3.4.37").build();
    ClusterSpec etcd35 = seed.toBuilder().etcdVersion("3.5.21").build();

    assertThat(new Etcd(etcd34).snapshotTool()).hasToString("/opt/etcd/etcdctl");
    assertThat(new Etcd(etcd35).snapshotTool()).hasToString("/opt/etcd/etcdutl");
    assertThat(new Etcd(seed).snapshotTool()).hasToString("/opt/etcd/etcdutl");
  }

  @Test
  void apiServerHasBoundTokensAggregationAuditPolicyAndNoneOfTheSeedsRemovedFlags() {
    Map<String, String> flags = new KubeApiServer(seed).flags(master);

    assertThat(flags).doesNotContainKeys("--runtime-config", "--apiserver-count", "--kubelet-https", "--insecure-port")
        .containsEntry("--authorization-mode", "Node,RBAC")
        .containsEntry("--enable-admission-plugins", "NodeRestriction")
        .containsEntry("--service-account-issuer", "https://kubernetes.default.svc.cluster.local")
        .containsEntry("--service-account-key-file", "/opt/kube-apiserver/service-account-pub.pem")
        .containsEntry("--service-account-signing-key-file", "/opt/kube-apiserver/service-account-key.pem")
        .containsEntry("--etcd-servers", "https://127.0.0.1:2379")
        .containsEntry("--etcd-cafile", "/opt/kube-apiserver/etcd-ca.pem")
        .containsEntry("--etcd-certfile", "/opt/kube-apiserver/kube-apiserver-etcd-client.pem")
        .containsEntry("--kubelet-client-certificate", "/opt/kube-apiserver/kube-apiserver-kubelet-client.pem")
        .containsEntry("--proxy-client-cert-file", "/opt/kube-apiserver/front-proxy-client.pem")
        .containsEntry("--requestheader-client-ca-file", "/opt/kube-apiserver/front-proxy-ca.pem")
        .containsEntry("--audit-policy-file", "/opt/kube-apiserver/audit-policy.yaml")
        .containsEntry("--audit-log-path", "/opt/kube-apiserver/log/audit.log")
        .containsEntry("--service-cluster-ip-range", "10.254.0.0/16")
        .containsEntry("--service-node-port-range", "30000-32767");
  }

  @Test
  void withoutAuditLoggingThereIsNeitherLogNorPolicy() {
    ClusterSpec quiet = seed.toBuilder().auditLogging(false).build();

    assertThat(new KubeApiServer(quiet).flags(master)).doesNotContainKeys("--audit-policy-file", "--audit-log-path");
  }

  @Test
  void controllerManagerAllocatesPodCidrsAndSignsWithTheClusterCa() {
    Map<String, String> flags = new KubeControllerManager(seed).flags(master);

    assertThat(flags).containsEntry("--allocate-node-cidrs", "true")
        .containsEntry("--cluster-cidr", "10.244.0.0/16")
        .containsEntry("--cluster-signing-cert-file", "/opt/kube-controller-manager/ca.pem")
        .containsEntry("--cluster-signing-key-file", "/opt/kube-controller-manager/ca-key.pem")
        .containsEntry("--root-ca-file", "/opt/kube-controller-manager/ca.pem")
        .containsEntry("--service-account-private-key-file", "/opt/kube-controller-manager/service-account-key.pem")
        .containsEntry("--use-service-account-credentials", "true")
        .containsEntry("--kubeconfig", "/opt/kube-controller-manager/kube-controller-manager.kubeconfig")
        .containsEntry("--bind-address", "127.0.0.1");
  }

  @Test
  void kubeletCarriesOnlyCurrentFlagsAndItsSettingsLiveInTheConfigFile() {
    Kubelet kubelet = new Kubelet(seed);

    assertThat(kubelet.flags(node)).containsOnlyKeys("--config", "--kubeconfig", "--hostname-override", "--node-ip");
    Map<String, Object> config = ConfigFiles.readYaml(kubelet.configFile(node).content());
    assertThat(config).containsEntry("apiVersion", "kubelet.config.k8s.io/v1beta1")
        .containsEntry("cgroupDriver", "systemd")
        .containsEntry("containerRuntimeEndpoint", "unix:///run/containerd/containerd.sock")
        .containsEntry("clusterDomain", "cluster.local")
        .containsEntry("resolvConf", "/etc/resolv.conf")
        .containsEntry("tlsCertFile", "/opt/kubelet/kubelet-server-10.1.0.16.pem")
        .containsEntry("tlsPrivateKeyFile", "/opt/kubelet/kubelet-server-10.1.0.16-key.pem");
    assertThat(config.get("clusterDNS")).isEqualTo(java.util.List.of("10.254.0.2"));
    assertThat(config.get("authorization")).isEqualTo(Map.of("mode", "Webhook"));
    assertThat(config.get("authentication")).isEqualTo(Map.of(
        "anonymous", Map.of("enabled", false),
        "webhook", Map.of("enabled", true),
        "x509", Map.of("clientCAFile", "/opt/kubelet/ca.pem")));
  }

  @Test
  void kubeProxyUsesTheSpecsClusterCidr() {
    ClusterSpec other = seed.toBuilder().clusterCidr("10.32.0.0/16").build();

    Map<String, Object> config = ConfigFiles.readYaml(new KubeProxy(other).configFile(node).content());

    assertThat(config).containsEntry("clusterCIDR", "10.32.0.0/16")
        .containsEntry("mode", "iptables")
        .containsEntry("hostnameOverride", "10.1.0.16")
        .containsEntry("clientConnection", Map.of("kubeconfig", "/opt/kube-proxy/kube-proxy.kubeconfig"));
  }

  @Test
  void schedulerUsesTheV1ConfigApi() {
    Map<String, Object> config = ConfigFiles.readYaml(new KubeScheduler(seed).configFile().content());

    assertThat(config).containsEntry("apiVersion", "kubescheduler.config.k8s.io/v1")
        .containsEntry("leaderElection", Map.of("leaderElect", true));
  }

  @Test
  void encryptionConfigurationValuesNeverShowTheKey() {
    EncryptionKey key = EncryptionKey.of(new byte[] {
        9, 8, 7, 6, 5, 4, 3, 2, 1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    var configuration = new KubeApiServer(seed).encryptionConfiguration(key);

    assertThat(configuration.toString()).doesNotContain(key.toBase64()).contains("keys redacted");
    assertThat(configuration.resources().get(0).toString()).doesNotContain(key.toBase64())
        .contains("Key[name=key1, secret=redacted]");
  }

  @Test
  void encryptionConfigUsesTheV1KindAndTheGivenKeyInA0600File() {
    EncryptionKey key = EncryptionKey.of(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    PlacedFile file = new KubeApiServer(seed).encryptionConfigFile(key);

    assertThat(file.mode()).isEqualTo(0600);
    assertThat(file.toString()).doesNotContain(key.toBase64());
    assertThat(file.text()).contains("kind: EncryptionConfiguration", "apiVersion: apiserver.config.k8s.io/v1",
        "aescbc:", "secret: " + key.toBase64(), "identity: {}");
    assertThat(new KubeApiServer(seed.toBuilder().encryptionProvider(dev.kubestrap.spec.EncryptionProvider.SECRETBOX).build())
        .encryptionConfigFile(key).text()).contains("secretbox:").doesNotContain("aescbc");
    assertThat(key.toString()).doesNotContain(key.toBase64());
  }

  @Test
  void anonymousRequestsAuthenticateOnlyForTheHealthEndpoints() {
    KubeApiServer apiserver = new KubeApiServer(seed);
    java.util.List<String> command = apiserver.command(seed.hosts().get(0));

    assertThat(command).contains("--authentication-config=/opt/kube-apiserver/authentication-config.yaml")
        .noneMatch(arg -> arg.startsWith("--anonymous-auth"));
    assertThat(apiserver.authenticationConfigFile().text()).isEqualTo("""
        apiVersion: apiserver.config.k8s.io/v1
        kind: AuthenticationConfiguration
        anonymous:
          enabled: true
          conditions:
          - path: /livez
          - path: /readyz
          - path: /healthz
        """);
  }

  @Test
  void flagOverridesReplaceDefaultsInPlaceAndAddNewFlags() {
    ClusterSpec tuned = seed.toBuilder()
        .extraFlag(ComponentName.KUBE_APISERVER, "--v", "4")
        .extraFlag(ComponentName.KUBE_APISERVER, "event-ttl", "2h")
        .build();

    var argv = new KubeApiServer(tuned).command(master);

    assertThat(argv.get(0)).isEqualTo("/opt/kube-apiserver/kube-apiserver");
    assertThat(argv).contains("--v=4", "--event-ttl=2h").doesNotContain("--v=2");
    assertThat(argv.indexOf("--v=4")).isLessThan(argv.indexOf("--event-ttl=2h"));
  }

  @Test
  void containerdV2ConfigForContainerd16AndV3For2x() {
    Containerd old = new Containerd(seed.toBuilder().containerdVersion("1.6.20").build());
    Containerd current = new Containerd(seed);

    Map<String, Object> v2 = ConfigFiles.readToml(old.configFile().content());
    Map<String, Object> v3 = ConfigFiles.readToml(current.configFile().content());

    assertThat(v2).containsEntry("version", 2).doesNotContainKey("imports");
    assertThat(old.configFile().text()).contains("SystemdCgroup = true", "pause:3.10.2", "/opt/cni/bin");
    assertThat(v3).containsEntry("version", 3).doesNotContainKey("imports");
    assertThat(current.configFile().text()).contains("io.containerd.cri.v1.runtime", "bin_dirs = ['/opt/cni/bin']",
        "sandbox = 'registry.k8s.io/pause:3.10.2'");
    assertThat(ConfigFiles.readYaml(current.crictlConfigFile().content()))
        .containsEntry("runtime-endpoint", "unix:///run/containerd/containerd.sock");
  }
}
