package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.SwapPolicy;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.EncryptionProvider;
import dev.kubestrap.spec.InvalidSpecException;
import dev.kubestrap.spec.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterBuilderTest {

  @TempDir
  Path tmp;

  /** Test stand-in for connections: fails the test if anything tries to reach a host. */
  private final AtomicInteger connections = new AtomicInteger();
  private final TransportFactory noHostMayBeTouched = host -> {
    connections.incrementAndGet();
    throw new AssertionError("a host was contacted: " + host);
  };

  private static final String SEED_ENVIRONMENT = """
      export MASTER_IP=10.1.0.15
      export NODE_IP=10.1.0.16
      export SERVICE_CIDR=10.254.0.0/16
      export CLUSTER_KUBERNETES_SVC_IP="10.254.0.1"
      export NODE_PORT_RANGE="30000-32767"
      export CLUSTER_DNS_DOMAIN="cluster.local"
      export CLUSTER_DNS_SVC_IP="10.254.0.2"
      export CLUSTER_CIDR="10.244.0.0/16"
      """;

  private static final String SEED_YAML = """
      name: kubernetes
      serviceCidr: 10.254.0.0/16
      dnsServiceIp: 10.254.0.2
      clusterCidr: 10.244.0.0/16
      nodePortRange: 30000-32767
      dnsDomain: cluster.local
      encryptionProvider: aescbc
      kubeconfigClusterName: kubernetes-the-hard-way
      hosts:
        - name: 10.1.0.15
          address: 10.1.0.15
          roles: [master]
        - address: 10.1.0.16
          roles: [worker]
          ssh: {user: debian, sudo: true}
      """;

  private ClusterBuilder fluentSeed() {
    return ClusterBuilder.named("kubernetes")
        .master(Host.ssh("10.1.0.15"))
        .worker(Host.ssh("10.1.0.16", ssh -> ssh.user("debian").sudo()))
        .spec(s -> s.serviceCidr("10.254.0.0/16")
            .dnsServiceIp("10.254.0.2")
            .clusterCidr("10.244.0.0/16")
            .nodePortRange("30000-32767")
            .dnsDomain("cluster.local")
            .encryptionProvider(EncryptionProvider.AESCBC)
            .kubeconfigClusterName("kubernetes-the-hard-way"));
  }

  @Test
  void fluentYamlAndSeedEnvironmentDescribeTheSameSpec() {
    ClusterSpec fluent = fluentSeed().stateDir(tmp).transports(noHostMayBeTouched).build().spec();
    ClusterSpec yaml = ClusterBuilder.fromYaml(SEED_YAML).build().spec();
    ClusterSpec environment = ClusterBuilder.fromSeedEnvironment(SEED_ENVIRONMENT).build().spec();

    assertThat(fluent).usingRecursiveComparison().isEqualTo(ClusterSpec.seedDefault());
    assertThat(yaml).usingRecursiveComparison().isEqualTo(fluent);
    assertThat(environment).usingRecursiveComparison().isEqualTo(fluent);
    assertThat(connections).hasValue(0);
  }

  @Test
  void yamlAndFluentHostsAreReachedTheSameWay() {
    Cluster fromYaml = ClusterBuilder.fromYaml(SEED_YAML).build();
    Cluster fluent = fluentSeed().build();

    assertThat(fromYaml.hosts().get("10.1.0.16").target()).isEqualTo("debian@10.1.0.16:22")
        .isEqualTo(fluent.hosts().get("10.1.0.16").target());
    assertThat(fromYaml.hosts().get("10.1.0.16").sshConfig().orElseThrow().sudo()).isTrue();
    assertThat(fromYaml.hosts().get("10.1.0.15").target()).isEqualTo("root@10.1.0.15:22");
  }

  @Test
  void seedEnvironmentFileHostsCanBeReachedDifferently() throws Exception {
    Path file = Files.writeString(tmp.resolve("environment"), SEED_ENVIRONMENT);

    Cluster cluster = ClusterBuilder.fromSeedEnvironment(file)
        .reach("10.1.0.16", Host.ssh("10.1.0.16", ssh -> ssh.user("ops").port(2222)))
        .build();

    assertThat(cluster.hosts().get("10.1.0.16").target()).isEqualTo("ops@10.1.0.16:2222");
    assertThat(cluster.spec().host("10.1.0.15").roles()).containsExactlyInAnyOrder(Role.CONTROL_PLANE, Role.ETCD);
  }

  @Test
  void nWorkersAreAddedTheSameWayAsOne() {
    ClusterBuilder builder = ClusterBuilder.named("lab").master(Host.ssh("10.1.0.15").name("master"));
    for (int i = 1; i <= 5; i++) {
      builder.worker(Host.ssh("10.1.0." + (20 + i)).name("node-" + i));
    }
    ClusterSpec spec = builder.build().spec();

    assertThat(spec.workers()).extracting(h -> h.name()).containsExactly("node-1", "node-2", "node-3", "node-4", "node-5");
    assertThat(spec.etcdMembers()).extracting(h -> h.name()).containsExactly("master");
  }

  @Test
  void aHostAddedWithTwoRolesGetsBoth() {
    ClusterSpec spec = ClusterBuilder.named("one").controlPlane(Host.ssh("10.1.0.15")).worker(Host.ssh("10.1.0.15"))
        .build().spec();

    assertThat(spec.hosts()).hasSize(1);
    assertThat(spec.hosts().get(0).roles()).containsExactlyInAnyOrder(Role.CONTROL_PLANE, Role.WORKER);
  }

  @Test
  void badSpecValuesAreNamedBeforeAnyHostIsTouched() {
    assertThatThrownBy(() -> fluentSeed().spec(s -> s.serviceCidr("10.254.0.0/33")).transports(noHostMayBeTouched).build())
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("serviceCidr").hasMessageContaining("10.254.0.0/33");
    assertThatThrownBy(() -> fluentSeed().spec(s -> s.kubernetesVersion("1.18.1")).transports(noHostMayBeTouched).build())
        .hasMessageContaining("kubernetesVersion").hasMessageContaining("1.18.1");
    assertThatThrownBy(() -> fluentSeed().spec(s -> s.extraFlag(ComponentName.KUBE_APISERVER, "--no-such-flag", "1"))
        .transports(noHostMayBeTouched).build())
        .hasMessageContaining("extraFlags[kube-apiserver]").hasMessageContaining("no-such-flag");
    assertThatThrownBy(() -> ClusterBuilder.named("lab").worker(Host.ssh("10.1.0.16")).build())
        .hasMessageContaining("CONTROL_PLANE");
    assertThat(connections).hasValue(0);
  }

  @Test
  void badHostSettingsAreNamedWithTheHost() {
    Path missingKey = tmp.resolve("no-such-key");

    assertThatThrownBy(() -> fluentSeed().worker(Host.ssh("10.1.0.17", ssh -> ssh.privateKey(missingKey)).name("node-2"))
        .transports(noHostMayBeTouched).build())
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("hosts[2] 'node-2'").hasMessageContaining(missingKey.toString());
    assertThatThrownBy(() -> fluentSeed().worker(Host.ssh("10.1.0.17", ssh -> ssh.port(70000)).name("node-2")).build())
        .hasMessageContaining("node-2").hasMessageContaining("70000");
    assertThatThrownBy(() -> fluentSeed().worker(Host.ssh("not an ip").name("node-2")).build())
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("not an ip");
    assertThatThrownBy(() -> fluentSeed().reach("ghost", Host.local()).build())
        .hasMessageContaining("reach").hasMessageContaining("ghost");
    assertThatThrownBy(() -> fluentSeed().concurrency(0).build()).hasMessageContaining("concurrency").hasMessageContaining("0");
    assertThat(connections).hasValue(0);
  }

  @Test
  void yamlUnknownKeysAreRefusedWithTheirPath() {
    assertThatThrownBy(() -> ClusterBuilder.fromYaml(SEED_YAML.replace("ssh: {user: debian", "ssh: {usr: debian")))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("hosts[1].ssh.usr");
    assertThatThrownBy(() -> ClusterBuilder.fromYaml(SEED_YAML + "serviceCIDR: 10.0.0.0/16\n"))
        .hasMessageContaining("unknown key: serviceCIDR");
    assertThatThrownBy(() -> ClusterBuilder.fromYaml(SEED_YAML.replace("roles: [worker]", "roles: [wrker]")))
        .hasMessageContaining("hosts[1].roles[0]").hasMessageContaining("wrker");
    assertThatThrownBy(() -> ClusterBuilder.fromYaml(SEED_YAML + "apiServerPort: many\n"))
        .hasMessageContaining("apiServerPort");
    assertThatThrownBy(() -> ClusterBuilder.fromYaml(SEED_YAML + "swap: off\n").build())
        .hasMessageContaining("swap must be one of [turn-off, keep]: 'off'");
  }

  @Test
  void yamlSwapPolicyIsReadByItsName() {
    assertThat(ClusterBuilder.fromYaml(SEED_YAML + "swap: keep\n").build().spec().swap()).isEqualTo(SwapPolicy.KEEP);
    assertThat(ClusterBuilder.fromYaml(SEED_YAML + "swap: turn-off\n").build().spec().swap())
        .isEqualTo(SwapPolicy.TURN_OFF);
    assertThat(ClusterBuilder.fromYaml(SEED_YAML).build().spec().swap()).isEqualTo(SwapPolicy.TURN_OFF);
  }

  @Test
  void yamlBinariesTakePinsAndTheTwoOptIns() {
    String sha512 = "cd".repeat(64);
    String yaml = SEED_YAML + "kubernetesVersion: 1.36.4\nbinaries:\n  mirror: http://127.0.0.1:1/mirror\n"
        + "  allowPlainHttp: true\n  pins:\n    - {component: kubernetes-server, version: 1.36.4, digest: \"sha512:"
        + sha512 + "\"}\n";

    try (Cluster cluster = ClusterBuilder.fromYaml(yaml).stateDir(tmp.resolve("state")).dryRunBinaries().build()) {
      assertThat(cluster.plan().summary()).contains("kube-apiserver 1.36.4  from kubernetes-server-linux-amd64.tar.gz  "
          + "sha512:" + sha512 + "  pinned by pin() by the caller");
    }
    assertThatThrownBy(() -> ClusterBuilder.fromYaml(SEED_YAML + "binaries: {mirror: http://127.0.0.1:1/mirror}\n"))
        .hasMessageContaining("mirror uses plain http: 'http://127.0.0.1:1/mirror'");
    assertThatThrownBy(() -> ClusterBuilder.fromYaml(SEED_YAML
        + "binaries: {pins: [{component: kubernetes-server, version: 1.36.4, digest: \"sha512:abc\"}]}\n"))
        .isInstanceOf(ClusterException.class)
        .hasMessage("binaries.pins[0]: sha512 must be 128 hex digits: 'abc'");
    assertThatThrownBy(() -> ClusterBuilder.fromYaml(SEED_YAML + "binaries: {pins: [{component: kubelet}]}\n"))
        .hasMessageContaining("binaries.pins[0] must set component, version and digest");
    assertThatThrownBy(() -> ClusterBuilder.fromYaml(SEED_YAML + "binaries: {directory: /srv, allowUnpinned: true}\n"))
        .hasMessageContaining("binaries.allowUnpinned and binaries.allowPlainHttp apply to official and mirror "
            + "downloads only");
  }

  @Test
  void yamlSpecValuesAreCheckedInBuild() {
    ClusterBuilder builder = ClusterBuilder.fromYaml(SEED_YAML + "proxyMode: userspace\n");

    assertThatThrownBy(builder::build).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("proxyMode").hasMessageContaining("userspace");
  }

  @Test
  void seedEnvironmentErrorsAreRaisedByBuild() {
    ClusterBuilder builder = ClusterBuilder.fromSeedEnvironment(SEED_ENVIRONMENT + "export MASTR_IP=1.2.3.4\n");

    assertThatThrownBy(builder::build).isInstanceOf(InvalidSpecException.class).hasMessageContaining("MASTR_IP");
  }

  @Test
  void stateDirDefaultsToTheClusterNameUnderTheHomeDirectory() {
    Cluster cluster = ClusterBuilder.named("lab").master(Host.ssh("10.1.0.15")).build();

    assertThat(cluster.stateDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".kubestrap", "lab"));
  }
}
