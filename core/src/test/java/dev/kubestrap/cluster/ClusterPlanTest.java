package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.binaries.DirectorySource;
import dev.kubestrap.cluster.internal.NodePreparation;
import dev.kubestrap.component.ComponentInstall;
import dev.kubestrap.component.Components;
import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.HostPlan;
import dev.kubestrap.plan.InstallUnit;
import dev.kubestrap.plan.PhasePlan;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.Placement;
import dev.kubestrap.plan.PutBinary;
import dev.kubestrap.plan.PutFile;
import dev.kubestrap.plan.RunCommand;
import dev.kubestrap.plan.ServiceAction;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.SwapPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPlanTest {
  private static final HostId MASTER = HostId.of("10.1.0.15");
  private static final HostId NODE = HostId.of("10.1.0.16");

  @TempDir
  Path tmp;

  private DirectorySource bundle;
  private Cluster cluster;

  @BeforeEach
  void seedCluster() throws Exception {
    bundle = StandInBinaries.bundle(tmp.resolve("bundle"), ClusterSpec.seedDefault());
    // The state is made once here, so every cluster object of a test reads it the same way (see the disabled test).
    ClusterBuilder.fromSpec(ClusterSpec.seedDefault()).stateDir(tmp.resolve("state")).binaries(bundle).build().plan();
    cluster = ClusterBuilder.fromSpec(ClusterSpec.seedDefault())
        .stateDir(tmp.resolve("state"))
        .binaries(bundle)
        .transports(host -> {
          throw new AssertionError("planning contacted " + host);
        })
        .build();
  }

  private static List<Action> all(ClusterPlan plan, HostId host) {
    List<Action> actions = new ArrayList<>();
    for (Phase phase : Phase.values()) {
      actions.addAll(plan.actions(phase, host));
    }
    return actions;
  }

  private static List<String> units(ClusterPlan plan, HostId host) {
    return all(plan, host).stream().filter(a -> a instanceof ServiceAction).map(a -> ((ServiceAction) a).unit()).toList();
  }

  @Test
  void phasesComeInApplyOrder() {
    assertThat(cluster.plan().phases()).extracting(PhasePlan::phase)
        .containsExactly(Phase.PKI, Phase.ETCD, Phase.CONTROL_PLANE, Phase.NODES, Phase.CLUSTER_RBAC, Phase.ADDONS);
  }

  @Test
  void everyHostGetsExactlyItsComponents() {
    ClusterPlan plan = cluster.plan();

    assertThat(units(plan, MASTER)).as("the master is a node too").containsExactly("etcd.service",
        "kube-apiserver.service", "kube-controller-manager.service", "kube-scheduler.service",
        "containerd.service", "kubelet.service", "kube-proxy.service");
    assertThat(units(plan, NODE)).containsExactly("containerd.service", "kubelet.service", "kube-proxy.service");
    assertThat(plan.actions(Phase.ETCD, MASTER)).isNotEmpty();
    assertThat(plan.actions(Phase.CONTROL_PLANE, NODE)).isEmpty();
  }

  @Test
  void everyComponentFileIsPlannedWithItsBytesAndMode() {
    ClusterPlan plan = cluster.plan();
    ClusterSpec spec = cluster.spec();
    var secrets = new dev.kubestrap.cluster.internal.LocalState(cluster.stateDir()).ensure(spec);
    for (var host : spec.hosts()) {
      Map<String, PutFile> planned = all(plan, HostId.of(host.name())).stream()
          .filter(a -> a instanceof PutFile).map(a -> (PutFile) a)
          .collect(Collectors.toMap(PutFile::path, f -> f));
      for (ComponentInstall install : Components.install(spec, host, secrets)) {
        install.files().forEach(file -> {
          PutFile put = planned.get(file.path().toString());
          assertThat(put).as(file.path().toString()).isNotNull();
          assertThat(put.content()).isEqualTo(file.content());
          assertThat(put.mode().permissions()).as(file.path().toString()).isEqualTo(file.mode());
        });
      }
    }
    assertThat(all(plan, MASTER)).filteredOn(a -> a instanceof PutFile)
        .map(a -> (PutFile) a)
        .filteredOn(f -> f.path().endsWith("-key.pem") || f.path().endsWith(".kubeconfig"))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.mode().octal()).as(f.path()).isEqualTo("0600"));
  }

  @Test
  void keyMaterialGoesOutInThePkiPhaseAndNothingElseDoes() {
    ClusterPlan plan = cluster.plan();

    assertThat(plan.actions(Phase.PKI, MASTER)).filteredOn(a -> a instanceof PutFile)
        .extracting(Action::subject)
        .contains("/opt/etcd/etcd-server-10.1.0.15-key.pem", "/opt/kube-apiserver/encryption-config.yaml")
        .allSatisfy(path -> assertThat(path).matches(".*(\\.pem|\\.kubeconfig|encryption-config\\.yaml)"));
    assertThat(plan.actions(Phase.PKI, MASTER)).noneMatch(a -> a instanceof ServiceAction || a instanceof PutBinary);
  }

  @Test
  void binariesAreResolvedThroughTheSourceWithTheirSha256() throws Exception {
    ClusterPlan plan = cluster.plan();

    PutBinary apiserver = all(plan, MASTER).stream().filter(a -> a instanceof PutBinary).map(a -> (PutBinary) a)
        .filter(b -> b.artifact().equals("kube-apiserver")).findFirst().orElseThrow();
    assertThat(apiserver.path()).isEqualTo("/opt/kube-apiserver/kube-apiserver");
    assertThat(apiserver.sha256()).isEqualTo(StandInBinaries.sha256(tmp.resolve("bundle/kube-apiserver")));
    assertThat(all(plan, NODE)).filteredOn(a -> a instanceof PutBinary).extracting(Action::subject)
        .contains("/opt/containerd/containerd", "/opt/containerd/runc", "/opt/cni/bin/bridge", "/opt/kubelet/kubelet");
  }

  @Test
  void servicesRestartOnTheirOwnFilesBinariesAndUnitOnly() {
    ClusterPlan plan = cluster.plan();

    ServiceAction apiserver = plan.actions(Phase.CONTROL_PLANE, MASTER).stream()
        .filter(a -> a instanceof ServiceAction s && s.unit().equals("kube-apiserver.service"))
        .map(a -> (ServiceAction) a).findFirst().orElseThrow();
    assertThat(apiserver.restartOn()).contains("/etc/systemd/system/kube-apiserver.service",
        "/opt/kube-apiserver/kube-apiserver", "/opt/kube-apiserver/encryption-config.yaml")
        .allSatisfy(p -> assertThat(p).matches("/opt/kube-apiserver/.*|/etc/systemd/system/kube-apiserver.service"));
  }

  @Test
  void nodesArePreparedBeforeTheRuntimeAndOnlyNodes() {
    List<Action> nodes = cluster.plan().actions(Phase.NODES, NODE);

    assertThat(nodes.subList(0, 5)).extracting(Action::subject).containsExactly(
        "turn swap off now and at every boot", NodePreparation.MODULES_FILE,
        "load the overlay and br_netfilter modules", NodePreparation.SYSCTL_FILE, "apply the sysctls");
    PutFile sysctl = (PutFile) nodes.get(3);
    assertThat(new String(sysctl.content())).contains("net.bridge.bridge-nf-call-iptables = 1", "net.ipv4.ip_forward = 1");
    assertThat(nodes.subList(0, 5)).filteredOn(a -> a instanceof RunCommand).map(a -> (RunCommand) a)
        .allSatisfy(c -> assertThat(c.allowFailure()).isTrue());
    assertThat(all(cluster.plan(), MASTER)).as("the master is a node").anyMatch(a -> a.subject().equals(NodePreparation.SYSCTL_FILE));
  }

  @Test
  void aKeptSwapIsNotTurnedOffAndEveryRelaxedHostRuleIsAWarning() {
    ClusterSpec relaxed = ClusterSpec.seedDefault().toBuilder().swap(SwapPolicy.KEEP).allowCgroupV1(true)
        .containerHosts(true).controlPlaneNodes(false).build();
    ClusterPlan plan = ClusterBuilder.fromSpec(relaxed).stateDir(tmp.resolve("state")).binaries(bundle).build().plan();

    assertThat(plan.actions(Phase.NODES, NODE)).extracting(Action::subject)
        .doesNotContain("turn swap off now and at every boot").contains(NodePreparation.SYSCTL_FILE);
    assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).startsWith("swap is kept").contains("NoSwap"))
        .anySatisfy(w -> assertThat(w).startsWith("allowCgroupV1 is on"))
        .anySatisfy(w -> assertThat(w).startsWith("containerHosts is on"))
        .anySatisfy(w -> assertThat(w).startsWith("controlPlaneNodes is off").contains("admission webhooks"));
    assertThat(plan.summary()).contains("swap is kept");
    assertThat(cluster.plan().warnings()).as("the defaults relax nothing").noneMatch(w -> w.startsWith("swap ")
        || w.startsWith("allowCgroupV1") || w.startsWith("containerHosts") || w.startsWith("controlPlaneNodes"));
  }

  @Test
  void rbacAndAddonManifestsArePlacedOnTheFirstControlPlaneHost() {
    ClusterPlan plan = cluster.plan();

    assertThat(plan.actions(Phase.CLUSTER_RBAC, MASTER)).extracting(Action::subject)
        .containsExactly("/opt/kubestrap/manifests/cluster-rbac.yaml");
    assertThat(plan.actions(Phase.ADDONS, MASTER)).extracting(Action::subject)
        .containsExactly("/opt/kubestrap/manifests/flannel.yaml", "/opt/kubestrap/manifests/coredns.yaml");
    PutFile flannel = (PutFile) plan.actions(Phase.ADDONS, MASTER).get(0);
    assertThat(new String(flannel.content())).contains("10.244.0.0/16").contains("vxlan");
  }

  @Test
  void planningTwiceGivesTheSamePlanAndKeepsThePki() throws Exception {
    ClusterPlan first = cluster.plan();
    String ca = Files.readString(tmp.resolve("state/pki/ca.pem"));
    String key = Files.readString(tmp.resolve("state/encryption-key"));
    ClusterPlan second = ClusterBuilder.fromSpec(ClusterSpec.seedDefault()).stateDir(tmp.resolve("state"))
        .binaries(bundle).build().plan();

    assertThat(second.record()).isEqualTo(first.record());
    assertThat(second.diff(first).isEmpty()).isTrue();
    assertThat(Files.readString(tmp.resolve("state/pki/ca.pem"))).isEqualTo(ca);
    assertThat(Files.readString(tmp.resolve("state/encryption-key"))).isEqualTo(key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("state/encryption-key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void anotherClusterObjectReadsTheStateAfterSshjRegisteredBouncyCastle() {
    ClusterPlan first = cluster.plan();
    // sshj registers Bouncy Castle as a JCA provider on first use; keys read afterwards must still match.
    if (java.security.Security.getProvider("BC") == null) {
      java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    }

    ClusterPlan again = ClusterBuilder.fromSpec(ClusterSpec.seedDefault()).stateDir(tmp.resolve("state"))
        .binaries(bundle).build().plan();

    assertThat(again.diff(first).changes()).isEmpty();
  }

  @Test
  void aChangedFlagChangesOnlyThatComponentsFiles() {
    ClusterPlan before = cluster.plan();
    ClusterPlan after = ClusterBuilder.fromSpec(ClusterSpec.seedDefault()).stateDir(tmp.resolve("state"))
        .binaries(bundle).spec(s -> s.extraFlag(dev.kubestrap.spec.ComponentName.KUBE_APISERVER, "--v", "4")).build().plan();

    assertThat(after.diff(before).changes()).extracting(c -> c.toString())
        .singleElement().asString().contains("kube-apiserver.service");
  }

  @Test
  void writeToGivesEachHostsTreeWithModes() throws Exception {
    Path out = tmp.resolve("out");
    cluster.plan().writeTo(out);

    assertThat(out.resolve("SUMMARY.md")).content().contains("10.1.0.15", "10.1.0.16", "etcd.service");
    Path key = out.resolve("10.1.0.15/opt/etcd/etcd-server-10.1.0.15-key.pem");
    assertThat(key).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(out.resolve("10.1.0.16/etc/systemd/system/kubelet.service")).content().contains("ExecStart=/opt/kubelet/kubelet");
    assertThat(out.resolve("10.1.0.16/etc/sysctl.d/99-kubestrap.conf")).exists();
    assertThat(out.resolve("10.1.0.16/opt/etcd")).doesNotExist();
  }

  @Test
  void dryRunBinariesPlanPinnedBinariesAndNameTheRest() {
    Cluster dryRun = ClusterBuilder.fromSpec(ClusterSpec.seedDefault()).stateDir(tmp.resolve("state"))
        .dryRunBinaries().build();
    ClusterPlan plan = dryRun.plan();

    Map<String, String> binaries = new TreeMap<>();
    all(plan, NODE).stream().filter(a -> a instanceof PutBinary).map(a -> (PutBinary) a)
        .forEach(b -> binaries.put(b.artifact(), b.sha256()));
    assertThat(binaries).containsOnlyKeys("kubelet", "runc")
        .containsEntry("kubelet", "d857082946c28493e8fdc52227feabd962e0e0900b6c6e4f6510168043b79dd4");
    assertThat(dryRun.unresolvedBinaries()).extracting(u -> u.artifact()).contains("kube-apiserver", "etcd", "containerd");
    assertThat(all(plan, MASTER)).filteredOn(a -> a instanceof ServiceAction).map(a -> (ServiceAction) a)
        .allSatisfy(s -> assertThat(s.restartOn()).noneMatch(p -> p.endsWith("/kube-apiserver") || p.endsWith("/etcd")));
    org.assertj.core.api.Assertions.assertThatThrownBy(dryRun::apply).isInstanceOf(ClusterException.class)
        .hasMessageContaining("dryRunBinaries");
  }

  @Test
  void theDryRunWritesBothKubeconfigsAndNamesEveryProgramsTargetAndCheck() throws Exception {
    Path state = tmp.resolve("dry-state");
    Cluster dryRun = ClusterBuilder.fromSpec(ClusterSpec.seedDefault()).stateDir(state).dryRunBinaries().build();
    ClusterPlan plan = dryRun.plan();

    assertThat(state.resolve("admin.kubeconfig")).content().contains("client-certificate-data", "server: https://");
    assertThat(state.resolve("super-admin.kubeconfig")).isRegularFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("admin.kubeconfig"))))
        .isEqualTo("rw-------");
    assertThat(dryRun.unresolvedBinaries()).isNotEmpty().allSatisfy(u -> assertThat(u.target()).startsWith("/opt/"));
    assertThat(plan.summary())
        .contains("      placed at /opt/kubelet/kubelet, checked against "
            + "sha256:d857082946c28493e8fdc52227feabd962e0e0900b6c6e4f6510168043b79dd4")
        .containsPattern("      placed at /opt/kube-apiserver/kube-apiserver, checked after download: inside "
            + "kubernetes-server-linux-amd64.tar.gz \\(archive pinned\\)");
    assertThat(plan.origins()).allSatisfy(o -> assertThat(o.target()).startsWith("/opt/"));
  }

  @Test
  void unitsAreInstalledUnderTheLayoutsUnitDirectory() {
    assertThat(all(cluster.plan(), NODE)).filteredOn(a -> a instanceof InstallUnit).map(a -> (Placement) a)
        .extracting(Placement::path).containsExactly("/etc/systemd/system/containerd.service",
            "/etc/systemd/system/kubelet.service", "/etc/systemd/system/kube-proxy.service");
  }
}
