package dev.kubestrap.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ProxyMode;
import dev.kubestrap.spec.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The preflight rules on hand-written facts: each problem named with its host, the value seen and the fix. */
class PreflightChecksTest {
  private static final String READY = """
      hostname %s
      machine-id %s
      tool iptables
      tool iptables-restore
      tool mount
      tool losetup
      tool cp
      tool systemctl
      tool modprobe
      cgroup cgroup2fs
      bridge-netfilter
      overlayfs
      Local:
        |-- %s
           /32 host LOCAL
      """;

  private final ClusterSpec spec = ClusterSpec.builder().name("lab")
      .addHost("master", "10.1.0.15", Role.CONTROL_PLANE)
      .addHost("node", "10.1.0.16", Role.WORKER)
      .build();

  private static HostFacts ready(String name, String id, String address, String... extraLines) {
    return HostFacts.parse(READY.formatted(name, id, address) + String.join("\n", extraLines));
  }

  private List<Finding> check(HostFacts master, HostFacts node) {
    return new PreflightChecks(spec).check(Map.of("master", master, "node", node));
  }

  @Test
  void readyHostsPass() {
    assertThat(check(ready("master", "a1", "10.1.0.15"), ready("node", "b2", "10.1.0.16"))).isEmpty();
  }

  @Test
  void aNodeWithoutIptablesIsRefusedWithThePackageToInstall() {
    HostFacts bare = HostFacts.parse(READY.formatted("node", "b2", "10.1.0.16").replace("tool iptables\n", "")
        .replace("tool iptables-restore\n", ""));

    assertThat(check(ready("master", "a1", "10.1.0.15"), bare)).singleElement().satisfies(finding -> {
      assertThat(finding.host()).isEqualTo("node");
      assertThat(finding.problem()).isEqualTo("kube-proxy in iptables mode needs iptables, iptables-restore, missing");
      assertThat(finding.fix()).isEqualTo("Debian/Ubuntu: apt-get install iptables; RHEL/Fedora: dnf install iptables");
    });
  }

  @Test
  void theNodeLocalLoadBalancerNeedsHaproxyOnEveryNodeAndItsPort() {
    ClusterSpec ha = ClusterSpec.builder().name("lab")
        .addHost("cp1", "10.1.0.11", Role.CONTROL_PLANE).addHost("cp2", "10.1.0.12", Role.CONTROL_PLANE)
        .addHost("cp3", "10.1.0.13", Role.CONTROL_PLANE).addHost("node", "10.1.0.16", Role.WORKER).build();
    HostFacts withHaproxy = ready("cp2", "b2", "10.1.0.12", "tool haproxy", "listen 7443 /usr/sbin/haproxy");
    HostFacts squatted = ready("cp3", "c3", "10.1.0.13", "tool haproxy", "listen 7443 /usr/bin/socat");

    List<Finding> findings = new PreflightChecks(ha).check(Map.of("cp1", ready("cp1", "a1", "10.1.0.11"),
        "cp2", withHaproxy, "cp3", squatted, "node", ready("node", "d4", "10.1.0.16", "tool haproxy")));

    assertThat(findings).extracting(Finding::host, Finding::check, Finding::problem, Finding::fix).containsExactly(
        org.assertj.core.groups.Tuple.tuple("cp1", "tools", "the node-local API load balancer needs haproxy, missing",
            "Debian/Ubuntu: apt-get install haproxy; RHEL/Fedora: dnf install haproxy (or give your own load balancer"
                + " with apiEndpoint(ApiEndpoint.loadBalancer(address, port)))"),
        org.assertj.core.groups.Tuple.tuple("cp3", "port 7443", "port 7443, which kube-apiserver-lb needs, is in use"
            + " by /usr/bin/socat", "stop and disable the service that holds it"));
  }

  @Test
  void nftablesModeNeedsNftInstead() {
    ClusterSpec nft = spec.toBuilder().proxyMode(ProxyMode.NFTABLES).build();

    List<Finding> findings = new PreflightChecks(nft).check(Map.of("master", ready("master", "a1", "10.1.0.15"),
        "node", ready("node", "b2", "10.1.0.16")));

    assertThat(findings).extracting(Finding::problem).contains("kube-proxy in nftables mode needs nft, missing");
  }

  @Test
  void cgroupV1IsRefusedUnlessAllowed() {
    HostFacts v1 = HostFacts.parse(READY.formatted("node", "b2", "10.1.0.16").replace("cgroup2fs", "tmpfs"));

    assertThat(check(ready("master", "a1", "10.1.0.15"), v1)).extracting(Finding::check, Finding::fix)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("cgroup", "boot with the unified hierarchy"
            + " (systemd.unified_cgroup_hierarchy=1), or allowCgroupV1(true) if the host cannot move yet"));
    ClusterSpec allowing = spec.toBuilder().allowCgroupV1(true).build();
    assertThat(new PreflightChecks(allowing).check(Map.of("master", ready("master", "a1", "10.1.0.15"), "node", v1)))
        .isEmpty();
  }

  @Test
  void theMasterIsCheckedAsANodeToo() {
    HostFacts noLosetup = HostFacts.parse(READY.formatted("master", "a1", "10.1.0.15").replace("tool losetup\n", ""));

    assertThat(check(noLosetup, ready("node", "b2", "10.1.0.16"))).extracting(Finding::host, Finding::problem)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("master", "the kubelet needs losetup, missing"));
  }

  @Test
  void aPortHeldByAnotherProgramIsRefusedButKubestrapsOwnProgramIsNot() {
    HostFacts debianEtcd = ready("master", "a1", "10.1.0.15", "listen 2379 /usr/bin/etcd", "listen 2380 /usr/bin/etcd",
        "listen 6443 /opt/kube-apiserver/kube-apiserver");

    List<Finding> findings = check(debianEtcd, ready("node", "b2", "10.1.0.16"));

    assertThat(findings).extracting(Finding::problem).containsExactly(
        "port 2379, which etcd needs, is in use by /usr/bin/etcd", "port 2380, which etcd needs, is in use by /usr/bin/etcd");
    assertThat(check(ready("master", "a1", "10.1.0.15", "listen 2379 /opt/etcd/etcd (deleted)"),
        ready("node", "b2", "10.1.0.16"))).as("kubestrap's etcd, replaced on disk since it started").isEmpty();
  }

  @Test
  void aPackagedServiceThatWouldCollideIsRefusedWithItsPackage() {
    HostFacts withDebianEtcd = ready("master", "a1", "10.1.0.15",
        "packaged etcd /lib/systemd/system/etcd.service enabled active etcd-server",
        "packaged docker /lib/systemd/system/docker.service disabled inactive docker.io");

    assertThat(check(withDebianEtcd, ready("node", "b2", "10.1.0.16"))).singleElement().satisfies(finding -> {
      assertThat(finding.problem()).isEqualTo("package etcd-server's etcd.service (/lib/systemd/system/etcd.service) is"
          + " running and would collide with kubestrap's etcd");
      assertThat(finding.fix()).isEqualTo(
          "remove it (Debian/Ubuntu: apt-get remove etcd-server; RHEL/Fedora: dnf remove etcd-server)");
    });
    HostFacts shadowed = ready("master", "a1", "10.1.0.15",
        "packaged etcd /lib/systemd/system/etcd.service enabled active etcd-server", "own etcd");
    assertThat(check(shadowed, ready("node", "b2", "10.1.0.16"))).as("kubestrap's unit replaced it already").isEmpty();
  }

  @Test
  void aWrongAddressAndClonedMachineIdsAreRefused() {
    List<Finding> findings = check(ready("master", "same", "192.168.1.5"), ready("node", "same", "10.1.0.16"));

    assertThat(findings).extracting(Finding::host, Finding::check).containsExactly(
        org.assertj.core.groups.Tuple.tuple("master", "address"),
        org.assertj.core.groups.Tuple.tuple("master", "machine-id"),
        org.assertj.core.groups.Tuple.tuple("node", "machine-id"));
    assertThat(findings.get(0).problem()).isEqualTo("the spec's address 10.1.0.15 is not one of the host's own (192.168.1.5)");
  }

  @Test
  void everyFindingOfEveryHostIsInOneException() {
    PreflightException failure = new PreflightException(check(
        HostFacts.parse(READY.formatted("master", "a1", "10.1.0.15").replace("tool systemctl\n", "")),
        HostFacts.parse(READY.formatted("node", "b2", "10.1.0.16").replace("tool cp\n", ""))));

    assertThat(failure.findings()).hasSize(2);
    assertThat(failure.getMessage()).startsWith("[preflight] 2 problems found before any host was changed:")
        .contains("master: systemctl is not on the PATH").contains("node: the kubelet needs cp, missing");
  }
}
