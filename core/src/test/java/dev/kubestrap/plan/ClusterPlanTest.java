package dev.kubestrap.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.plan.internal.Digests;
import dev.kubestrap.transport.FileMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPlanTest {
  @TempDir Path temp;
  Path etcdBinary;

  @BeforeEach
  void binary() throws IOException {
    etcdBinary = Files.write(temp.resolve("etcd-bin"), "#!/bin/sh\necho etcd\n".getBytes(StandardCharsets.UTF_8));
  }

  private ClusterPlan sample() {
    return SamplePlans.withBinary("", etcdBinary).build("master", "node-1");
  }

  @Test
  void phasesComeInApplyOrderWithHostsInInsertionOrder() {
    ClusterPlan plan = sample();
    assertThat(plan.phases()).extracting(PhasePlan::phase).containsExactly(Phase.PKI, Phase.ETCD, Phase.NODES);
    assertThat(plan.hosts()).containsExactly(HostId.of("master"), HostId.of("node-1"));
    assertThat(plan.actions(Phase.ETCD, HostId.of("node-1"))).isEmpty();
    assertThat(plan.actions(Phase.ETCD, HostId.of("master"))).hasSize(6);
  }

  @Test
  void betweenCommandsDirectoriesThenPlacementsThenServicesRunFirstEachInTheOrderAdded() {
    HostId a = HostId.of("a");
    RunCommand swapOff = RunCommand.builder("swap off").command("swapoff", "-a").build();
    RunCommand listPods = RunCommand.builder("list pods").command("true").build();
    PutFile sysctl = PutFile.text("/etc/sysctl.d/k.conf", "x=1\n", FileMode.of(0644));
    EnsureDirectory first = EnsureDirectory.of("/opt/first");
    PutFile firstConfig = PutFile.text("/opt/first/config", "1\n", FileMode.of(0644));
    InstallUnit firstUnit = new InstallUnit("first.service", "[Service]\n", InstallUnit.DEFAULT_DIRECTORY);
    ServiceAction firstService = ServiceAction.builder("first.service").restartOn(firstConfig, firstUnit).build();
    HealthWait firstHealthy = HealthWait.builder("first healthy").timeout(java.time.Duration.ofSeconds(1))
        .check(HealthProbe.command("true")).unit("first.service").build();
    EnsureDirectory second = EnsureDirectory.of("/opt/second");
    InstallUnit secondUnit = new InstallUnit("second.service", "[Service]\n", InstallUnit.DEFAULT_DIRECTORY);
    ServiceAction secondService = ServiceAction.builder("second.service").restartOn(secondUnit).build();
    PutFile afterCommand = PutFile.text("/opt/second/late", "2\n", FileMode.of(0644));

    ClusterPlan plan = ClusterPlan.builder("lab")
        .add(Phase.NODES, a, sysctl, swapOff, first, firstConfig, firstUnit, firstService, firstHealthy,
            second, secondUnit, secondService, listPods, afterCommand)
        .build();

    assertThat(plan.actions(Phase.NODES, a)).containsExactly(sysctl, swapOff, first, second, firstConfig, firstUnit,
        secondUnit, firstService, firstHealthy, secondService, listPods, afterCommand);
  }

  @Test
  void identicalActionsFromTwoSourcesAreKeptOnce() {
    ClusterPlan plan = ClusterPlan.builder("lab")
        .add(Phase.PKI, HostId.of("a"), EnsureDirectory.of("/etc/kubernetes"))
        .add(Phase.NODES, HostId.of("a"), EnsureDirectory.of("/etc/kubernetes"), EnsureDirectory.of("/opt/kubelet"))
        .build();
    assertThat(plan.actionCount()).isEqualTo(2);
    assertThat(plan.actions(Phase.NODES, HostId.of("a"))).containsExactly(EnsureDirectory.of("/opt/kubelet"));
  }

  @Test
  void conflictingActionsForOnePathAreRejected() {
    ClusterPlan.Builder builder = ClusterPlan.builder("lab")
        .add(Phase.PKI, HostId.of("a"), PutFile.text("/etc/a.conf", "one", FileMode.of(0644)))
        .add(Phase.NODES, HostId.of("a"), PutFile.text("/etc/a.conf", "two", FileMode.of(0644)));
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conflicting actions for file:/etc/a.conf on a in phase nodes");
  }

  @Test
  void aServiceMustRestartOnlyOnPathsPlacedBeforeIt() {
    ClusterPlan.Builder builder = ClusterPlan.builder("lab")
        .add(Phase.NODES, HostId.of("a"), ServiceAction.builder("kubelet.service").restartOn("/opt/kubelet/x").build());
    assertThatThrownBy(builder::build)
        .hasMessage("service kubelet.service on a restarts on '/opt/kubelet/x', which the plan does not place "
            + "on that host before it (phase nodes)");
  }

  @Test
  void valuesAreValidatedWithFieldAndValueInTheMessage() {
    assertThatThrownBy(() -> HostId.of("../x")).hasMessageContaining("'../x'");
    assertThatThrownBy(() -> PutFile.of("etc/x", new byte[0])).hasMessage("file path must be an absolute path: 'etc/x'");
    assertThatThrownBy(() -> EnsureDirectory.of("/etc/../x")).hasMessageContaining("normalized");
    assertThatThrownBy(() -> InstallUnit.of("etcd", "[Unit]")).hasMessageContaining("'etcd'");
    assertThatThrownBy(() -> PutBinary.builder().path("/opt/x").artifact("x").version("1").sha256("abc")
        .source(Path.of("x")).build()).hasMessage("sha256 of x must be 64 lowercase hex digits: 'abc'");
    assertThatThrownBy(() -> RunCommand.builder("nothing").build()).hasMessageContaining("'nothing'");
  }

  @Test
  void summaryNamesEveryPhaseHostAndActionButNoSecretContent() {
    String summary = sample().summary();
    assertThat(summary)
        .contains("# Plan for cluster lab", "2 hosts (master, node-1)", "## Phase pki", "## Phase etcd",
            "### master", "### node-1", "put     /etc/kubernetes/pki/node.key (", "0600",
            "binary  /opt/etcd/bin/etcd (etcd 3.5.21, 0755)", "unit    /etc/systemd/system/etcd.service",
            "service kubelet.service (enabled): running; restart when /etc/kubernetes/pki/node.key, /opt/kubelet/kubelet.yaml change",
            "wait    etcd healthy: true (timeout 5 s)", "run     load br_netfilter: false (may fail)")
        .doesNotContain("SECRET-KEY-BYTES")
        .doesNotContain(Digests.sha256(SamplePlans.KEY_TEXT.getBytes(StandardCharsets.UTF_8)));
    assertThat(PutFile.text("/k", SamplePlans.KEY_TEXT, FileMode.of(0600)).toString()).doesNotContain("SECRET");
  }

  @Test
  void writeToProducesEachHostsExactTreeWithModes() throws IOException {
    Path out = temp.resolve("out");
    sample().writeTo(out);

    String key = SamplePlans.KEY_TEXT;
    assertThat(Files.readString(out.resolve("master/etc/kubernetes/pki/node.key"))).isEqualTo(
        "# redacted by kubestrap: /etc/kubernetes/pki/node.key holds key material\n"
            + "# sha256 " + Digests.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16) + "…, " + key.length()
            + " bytes, mode 0600\n# the real file is in the cluster's state directory and on the host; "
            + "ClusterPlan.WriteOption.INCLUDE_SECRETS writes it here\n");
    assertThat(mode(out.resolve("master/etc/kubernetes/pki/node.key"))).isEqualTo("rw-------");
    assertThat(mode(out.resolve("master/etc/kubernetes/pki"))).isEqualTo("rwx------");
    assertThat(mode(out.resolve("node-1/opt/kubelet/kubelet.yaml"))).isEqualTo("rw-r--r--");
    assertThat(Files.readString(out.resolve("master/etc/systemd/system/etcd.service")))
        .isEqualTo("[Service]\nExecStart=/opt/etcd/bin/etcd\n");
    assertThat(out.resolve("node-1/opt/etcd")).doesNotExist();
    // binaries are listed, not copied, unless asked for
    assertThat(out.resolve("master/opt/etcd/bin/etcd")).doesNotExist();
    assertThat(out.resolve("master/opt/etcd/bin")).isDirectory();
    assertThat(Files.readString(out.resolve("SUMMARY.md")))
        .contains("## Binaries", "/opt/etcd/bin/etcd  etcd 3.5.21  sha256 " + Digests.sha256(etcdBinary));
    assertThat(PlanRecord.fromJson(Files.readString(out.resolve("plan.json")))).isEqualTo(sample().record());

    assertThat(files(out.resolve("master"))).containsExactly(
        "etc/containerd/config.toml", "etc/kubernetes/pki/ca.crt", "etc/kubernetes/pki/node.key",
        "etc/systemd/system/containerd.service", "etc/systemd/system/etcd.service",
        "etc/systemd/system/kubelet.service", "opt/etcd/etcd.conf", "opt/kubelet/kubelet.yaml");
  }

  @Test
  void writeToWritesKeyMaterialOnlyWhenAskedTo() throws IOException {
    Path out = temp.resolve("out");
    sample().writeTo(out, ClusterPlan.WriteOption.INCLUDE_SECRETS);

    assertThat(Files.readString(out.resolve("master/etc/kubernetes/pki/node.key"))).isEqualTo(SamplePlans.KEY_TEXT);
    assertThat(mode(out.resolve("master/etc/kubernetes/pki/node.key"))).isEqualTo("rw-------");
    assertThat(Files.readString(out.resolve("SUMMARY.md"))).contains("WRITTEN INTO THE HOST TREES (INCLUDE_SECRETS)");
  }

  @Test
  void aPemPrivateKeyIsKeyMaterialWhateverItsMode() {
    assertThat(PutFile.text("/a.pem", "-----BEGIN EC PRIVATE KEY-----\nabc\n", FileMode.of(0644)).secret()).isTrue();
    assertThat(PutFile.text("/a.kubeconfig", "client-key-data: abc\n", FileMode.of(0600)).secret()).isTrue();
    assertThat(PutFile.text("/ca.pem", "-----BEGIN CERTIFICATE-----\nabc\n", FileMode.of(0644)).secret()).isFalse();
  }

  @Test
  void writeToCopiesBinariesWhenAskedAndReplacesAnEarlierDryRun() throws IOException {
    Path out = temp.resolve("out");
    sample().writeTo(out);
    Files.writeString(out.resolve("master/stale"), "left over");
    sample().writeTo(out, ClusterPlan.WriteOption.INCLUDE_BINARIES);

    assertThat(out.resolve("master/stale")).doesNotExist();
    assertThat(out.resolve("master/opt/etcd/bin/etcd")).hasSameBinaryContentAs(etcdBinary);
    assertThat(mode(out.resolve("master/opt/etcd/bin/etcd"))).isEqualTo("rwxr-xr-x");
  }

  @Test
  void writeToRefusesADirectoryThatIsNotAPlan() throws IOException {
    Path mine = Files.createDirectories(temp.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "keep me");
    assertThatThrownBy(() -> sample().writeTo(mine))
        .isInstanceOf(KubestrapException.class)
        .hasMessageContaining("refusing to write a plan into " + mine);
    assertThat(mine.resolve("notes.txt")).hasContent("keep me");
  }

  @Test
  void recordIsStableJsonWithDigestsButNoSecretBytes() {
    String json = sample().record().toJson();
    assertThat(sample().record().toJson()).isEqualTo(json);
    assertThat(json)
        .contains("\"cluster\" : \"lab\"", "/etc/kubernetes/pki/node.key",
            Digests.sha256(SamplePlans.KEY_TEXT.getBytes(StandardCharsets.UTF_8)))
        .doesNotContain("SECRET-KEY-BYTES");
    assertThat(PlanRecord.fromJson(json)).isEqualTo(sample().record());
  }

  @Test
  void diffOfAnUnchangedPlanIsEmpty() {
    assertThat(sample().diff(sample()).isEmpty()).isTrue();
    assertThat(sample().diff(sample()).toString()).isEqualTo("no changes\n");
  }

  @Test
  void diffNamesChangedAddedAndRemovedActionsPerHost() {
    ClusterPlan before = sample();
    ClusterPlan after = SamplePlans.withBinary("", etcdBinary).kubeletConfig("address: 10.0.0.1\n")
        .build("master", "node-2");
    PlanDiff diff = after.diff(PlanRecord.fromJson(before.record().toJson()));

    assertThat(diff.forHost("master")).extracting(PlanChange::toString)
        .containsExactly("~ file:/opt/kubelet/kubelet.yaml [nodes]: content changed");
    assertThat(diff.forHost("node-2")).extracting(PlanChange::type).containsOnly(PlanChange.Type.ADDED);
    assertThat(diff.forHost("node-1")).extracting(PlanChange::type).containsOnly(PlanChange.Type.REMOVED);
    assertThat(diff.toString()).doesNotContain(Digests.sha256("address: 10.0.0.1\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void diffReportsModeAndPhaseChanges() {
    HostId a = HostId.of("a");
    ClusterPlan before = ClusterPlan.builder("lab")
        .add(Phase.PKI, a, PutFile.text("/etc/k.key", "k", FileMode.of(0644))).build();
    ClusterPlan after = ClusterPlan.builder("lab")
        .add(Phase.NODES, a, PutFile.text("/etc/k.key", "k", FileMode.of(0600).owner("root", "root"))).build();
    assertThat(after.diff(before).changes()).singleElement().hasToString(
        "~ file:/etc/k.key [nodes]: phase pki -> nodes, mode 0644 -> 0600, owner - -> root:root");
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }
}
