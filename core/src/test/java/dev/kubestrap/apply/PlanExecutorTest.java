package dev.kubestrap.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.EnsureDirectory;
import dev.kubestrap.plan.HealthProbe;
import dev.kubestrap.plan.HealthWait;
import dev.kubestrap.plan.InstallUnit;
import dev.kubestrap.plan.ServiceAction;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.PlanRecord;
import dev.kubestrap.plan.PutFile;
import dev.kubestrap.plan.SamplePlans;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.local.LocalTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applies plans to hosts that are directories ({@code LocalTransport.rootedAt}), systemd recorded. */
class PlanExecutorTest {
  @TempDir Path temp;
  Path etcdBinary;
  final RecordingServiceManager systemd = new RecordingServiceManager();
  final Map<HostId, RecordingTransport> transports = new ConcurrentHashMap<>();
  final AtomicInteger opened = new AtomicInteger();
  final List<ApplyEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void binary() throws IOException {
    etcdBinary = Files.write(temp.resolve("etcd-bin"), "#!/bin/sh\necho etcd\n".getBytes(StandardCharsets.UTF_8));
  }

  private SamplePlans plans() {
    return SamplePlans.withBinary("", etcdBinary);
  }

  private PlanExecutor.Builder executor() {
    return PlanExecutor.builder()
        .transports(host -> {
          opened.incrementAndGet();
          RecordingTransport transport = new RecordingTransport(LocalTransport.rootedAt(root(host.name())));
          transports.put(host, transport);
          return transport;
        })
        .inspection(RemoteInspection.perFile())
        .serviceManager(systemd)
        .listener(events::add);
  }

  private Path root(String host) {
    try {
      return Files.createDirectories(temp.resolve("hosts").resolve(host));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void freshApplyPlacesEveryFileWithItsModeAndStartsEveryService() throws IOException {
    ApplyReport report = executor().build().apply(plans().build("master", "node-1"));

    Path master = temp.resolve("hosts/master");
    assertThat(master.resolve("etc/kubernetes/pki/node.key")).hasContent(SamplePlans.KEY_TEXT.strip());
    assertThat(mode(master.resolve("etc/kubernetes/pki/node.key"))).isEqualTo("rw-------");
    assertThat(mode(master.resolve("etc/kubernetes/pki"))).isEqualTo("rwx------");
    assertThat(master.resolve("opt/etcd/bin/etcd")).hasSameBinaryContentAs(etcdBinary);
    assertThat(mode(master.resolve("opt/etcd/bin/etcd"))).isEqualTo("rwxr-xr-x");
    assertThat(master.resolve("etc/systemd/system/kubelet.service")).exists();
    assertThat(temp.resolve("hosts/node-1/opt/etcd")).doesNotExist();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.host(HostId.of("master")).orElseThrow().filesSent()).isEqualTo(9);
    assertThat(report.host(HostId.of("master")).orElseThrow().servicesStarted())
        .containsExactly("etcd.service", "containerd.service", "kubelet.service");
    assertThat(report.bytesSent()).isEqualTo(transports.values().stream().mapToLong(t -> t.bytesSent.get()).sum())
        .isPositive();
    assertThat(systemd.operations).contains(
        "local:" + temp.resolve("hosts/master") + " daemon-reload -",
        "local:" + temp.resolve("hosts/master") + " enable-now etcd.service");
  }

  @Test
  void servicesOfOnePhaseShareOneDaemonReloadForTheirNewUnits() {
    HostId master = HostId.of("master");
    ClusterPlan.Builder builder = ClusterPlan.builder("lab");
    for (String name : List.of("first", "second", "third")) {
      InstallUnit unit = new InstallUnit(name + ".service", "[Service]\nExecStart=/bin/" + name + "\n",
          InstallUnit.DEFAULT_DIRECTORY);
      builder.add(Phase.CONTROL_PLANE, master, EnsureDirectory.of("/opt/" + name), unit,
          ServiceAction.builder(name + ".service").restartOn(unit).build(),
          HealthWait.builder(name + " healthy").timeout(Duration.ofSeconds(5))
              .check(HealthProbe.command("true")).unit(name + ".service").build());
    }

    executor().build().apply(builder.build());

    assertThat(systemd.operations).filteredOn(o -> !o.contains(" status "))
        .extracting(o -> o.substring(o.indexOf(' ') + 1))
        .containsExactly("daemon-reload -", "enable-now first.service", "enable-now second.service",
            "enable-now third.service");
  }

  @Test
  void newUnitsOfAFreshHostNeedNoDaemonReloadWhenTheManagerCanTell() {
    systemd.checkReloadsLikeSystemd();

    executor().build().apply(plans().build("master"));

    assertThat(systemd.operations).filteredOn(o -> o.contains("reload"))
        .extracting(o -> o.substring(o.indexOf(' ') + 1))
        .containsExactly("daemon-reload-for etcd.service", "daemon-reload-for containerd.service,kubelet.service");
  }

  @Test
  void aReplacedUnitOfARunningServiceIsReloadedWhenTheManagerCanTell() {
    systemd.checkReloadsLikeSystemd();
    executor().build().apply(plans().build("master"));
    systemd.operations.clear();

    executor().build()
        .apply(plans().containerdUnit("[Service]\nExecStart=/usr/bin/containerd --log-level debug\n").build("master"));

    assertThat(systemd.operations).filteredOn(o -> !o.contains(" status "))
        .extracting(o -> o.substring(o.indexOf(' ') + 1))
        .containsExactly("daemon-reload-for containerd.service", "daemon-reload -", "restart containerd.service");
  }

  @Test
  void aPlacedDropInAlwaysReloads() {
    systemd.checkReloadsLikeSystemd();
    HostId master = HostId.of("master");
    InstallUnit unit = new InstallUnit("first.service", "[Service]\nExecStart=/bin/first\n",
        InstallUnit.DEFAULT_DIRECTORY);
    PutFile dropIn = PutFile.text(
        InstallUnit.DEFAULT_DIRECTORY + "/first.service.d/10-proxy.conf", "[Service]\nEnvironment=A=1\n",
        FileMode.of(0644));
    ClusterPlan plan = ClusterPlan.builder("lab")
        .add(Phase.NODES, master, unit, dropIn, ServiceAction.builder("first.service").restartOn(unit, dropIn).build())
        .build();

    executor().build().apply(plan);

    assertThat(systemd.operations).filteredOn(o -> o.contains("reload"))
        .extracting(o -> o.substring(o.indexOf(' ') + 1))
        .containsExactly("daemon-reload -");
  }

  @Test
  void secondApplySendsNothingAndRestartsNothing() {
    ClusterPlan plan = plans().build("master", "node-1");
    executor().build().apply(plan);
    systemd.operations.clear();
    events.clear();

    ApplyReport again = executor().build().apply(plan);

    assertThat(again.bytesSent()).isZero();
    assertThat(again.filesSent()).isZero();
    assertThat(again.filesSkipped()).isEqualTo(15);
    assertThat(again.servicesRestarted()).isEmpty();
    assertThat(systemd.operations).allMatch(o -> o.contains(" status "));
    assertThat(events).filteredOn(e -> e instanceof ApplyEvent.BytesSent).isEmpty();
  }

  @Test
  void rootedHostsInspectedInOneCommandPerPhaseCostOneRoundTripPerPhaseWhenUpToDate() {
    ClusterPlan plan = plans().build("master");
    executor().inspection(RemoteInspection.batchedInWorkingDirectory()).build().apply(plan);
    assertThat(temp.resolve("hosts/master/etc/kubernetes/pki/node.key")).exists();

    ApplyReport again = executor().inspection(RemoteInspection.batchedInWorkingDirectory()).build().apply(plan);

    RecordingTransport master = transports.get(HostId.of("master"));
    assertThat(again.bytesSent()).isZero();
    assertThat(again.filesSkipped()).isEqualTo(9);
    assertThat(master.puts).hasValue(0);
    // the 3 phases' inspections together, the nodes phase's again after etcd's health check reached the host; 2
    // node-prep commands, 2 health checks
    assertThat(master.roundTrips).hasValue(6);
  }

  @Test
  void aChangedInputRestartsOnlyTheServicesThatDependOnIt() {
    executor().build().apply(plans().build("master", "node-1"));
    systemd.operations.clear();

    ApplyReport report = executor().build().apply(plans().kubeletConfig("address: 10.1.0.16\n").build("master", "node-1"));

    assertThat(report.servicesRestarted()).containsExactly("master/kubelet.service", "node-1/kubelet.service");
    assertThat(report.filesSent()).isEqualTo(2);
    assertThat(systemd.operations).noneMatch(o -> o.contains("daemon-reload"));
  }

  @Test
  void aChangedUnitIsReloadedAndRestartsOnlyItsService() {
    executor().build().apply(plans().build("master"));
    systemd.operations.clear();

    ApplyReport report = executor().build()
        .apply(plans().containerdUnit("[Service]\nExecStart=/usr/bin/containerd --log-level debug\n").build("master"));

    assertThat(report.servicesRestarted()).containsExactly("master/containerd.service");
    assertThat(systemd.operations).filteredOn(o -> !o.contains(" status "))
        .extracting(o -> o.substring(o.indexOf(' ') + 1))
        .containsExactly("daemon-reload -", "restart containerd.service");
  }

  @Test
  void aServiceThatIsNotRunningIsStartedEvenWithoutChanges() {
    executor().build().apply(plans().build("master"));
    systemd.stop(transports.get(HostId.of("master")), "kubelet.service");
    systemd.operations.clear();

    ApplyReport report = executor().build().apply(plans().build("master"));

    assertThat(report.host(HostId.of("master")).orElseThrow().servicesStarted()).containsExactly("kubelet.service");
    assertThat(report.servicesRestarted()).isEmpty();
  }

  @Test
  void aFailingHealthCheckStopsTheRunNamingHostStepAndJournal() {
    ClusterPlan plan = plans().etcdHealth(Duration.ofMillis(600), "sh", "-c", "echo 'connection refused' >&2; exit 7")
        .build("master", "node-1");

    ApplyException failure = catchThrowableOfType(() -> executor().build().apply(plan), ApplyException.class);

    assertThat(failure.host()).isEqualTo(HostId.of("master"));
    assertThat(failure.phase()).isEqualTo(Phase.ETCD);
    assertThat(failure.getMessage())
        .startsWith("[etcd] wait etcd healthy: sh -c echo 'connection refused' >&2; exit 7 (timeout 600 ms) on [local:"
            + temp.resolve("hosts/master") + "] failed: not healthy after 600 ms")
        .contains("last check: exit code 7: connection refused")
        .contains("last 2 journal lines:\n  etcd.service: listen tcp 127.0.0.1:2379: bind: address already in use");
    // the nodes phase never started
    assertThat(temp.resolve("hosts/node-1/opt/kubelet")).doesNotExist();
    assertThat(events).noneMatch(e -> e instanceof ApplyEvent.PhaseStarted p && p.phase() == Phase.NODES);
    assertThat(failure.report().orElseThrow().succeeded()).isFalse();
    assertThat(transports.values()).allMatch(t -> t.closed.get());
  }

  /**
   * A program file that changed on this machine after the plan pinned it is refused on the host before it replaces
   * anything: the host keeps the program it had.
   */
  @Test
  void aProgramWhoseLocalFileIsNotWhatItsPinSaysIsRefusedAndTheOldOneStays() throws IOException {
    executor().build().apply(plans().build("master"));
    Files.writeString(etcdBinary, "#!/bin/sh\necho etcd 2\n");
    ClusterPlan upgrade = plans().build("master");
    String pinned = dev.kubestrap.transport.internal.Sha256.of(etcdBinary);
    Files.writeString(etcdBinary, "#!/bin/sh\necho not etcd\n");

    ApplyException failure = catchThrowableOfType(() -> executor().build().apply(upgrade), ApplyException.class);

    assertThat(failure.getMessage()).contains("/opt/etcd/bin/etcd").contains(pinned);
    assertThat(temp.resolve("hosts/master/opt/etcd/bin/etcd")).hasContent("#!/bin/sh\necho etcd");
  }

  @Test
  void aServiceThatFailsToStartCarriesItsJournal() {
    systemd.failToStart("containerd.service");
    assertThatThrownBy(() -> executor().build().apply(plans().build("master")))
        .isInstanceOf(ApplyException.class)
        .hasMessageStartingWith("[nodes] enable --now containerd.service on [local:")
        .hasMessageContaining("failed: Job for containerd.service failed")
        .hasMessageContaining("containerd.service: exiting");
  }

  @Test
  void aRunStoppedBetweenSendingAndRestartingRestartsOnTheNextRun() {
    Path state = temp.resolve("state");
    executor().stateDir(state).build().apply(plans().build("master"));
    // the kubelet config changes, but containerd cannot start before kubelet's restart is reached
    systemd.stop(transports.get(HostId.of("master")), "containerd.service");
    systemd.failToStart("containerd.service");
    ClusterPlan changed = plans().kubeletConfig("address: 10.1.0.99\n").build("master");
    assertThatThrownBy(() -> executor().stateDir(state).build().apply(changed)).isInstanceOf(ApplyException.class);
    assertThat(systemd.restarts()).isEmpty();

    systemd.allowStart("containerd.service");
    ApplyReport rerun = executor().stateDir(state).build().apply(changed);

    assertThat(rerun.bytesSent()).isZero();
    assertThat(rerun.host(HostId.of("master")).orElseThrow().servicesRestarted()).containsExactly("kubelet.service");
    assertThat(rerun.host(HostId.of("master")).orElseThrow().servicesStarted()).containsExactly("containerd.service");
    assertThat(executor().stateDir(state).build().apply(changed).servicesRestarted()).isEmpty();
  }

  @Test
  void theLastAppliedPlanIsRecordedOnlyAfterSuccess() {
    Path state = temp.resolve("state");
    ClusterPlan plan = plans().build("master");
    PlanExecutor executor = executor().stateDir(state).build();
    executor.apply(plan);

    assertThat(executor.store().orElseThrow().lastApplied()).contains(plan.record());
    assertThat(state.resolve("last-applied-plan.json")).content(StandardCharsets.UTF_8).doesNotContain("SECRET");

    ClusterPlan failing = plans().etcdHealth(Duration.ofMillis(300), "false").build("master");
    assertThatThrownBy(() -> executor().stateDir(state).build().apply(failing)).isInstanceOf(ApplyException.class);
    PlanRecord kept = AppliedPlanStore.in(state).lastApplied().orElseThrow();
    assertThat(kept).isEqualTo(plan.record());
    assertThat(failing.diff(kept).toString()).contains("~ health:etcd healthy [etcd]: check true -> false");
  }

  @Test
  void otherHostsFinishTheirCurrentActionThenStop() {
    ClusterPlan plan = ClusterPlan.builder("lab")
        // a fails only once b is inside its slow step (commands run in the host's directory)
        .add(Phase.NODES, HostId.of("a"), dev.kubestrap.plan.RunCommand.builder("check conntrack")
            .shell("while [ ! -e ../b/started ]; do sleep 0.02; done; echo 'conntrack: not found' >&2; exit 127")
            .build())
        .add(Phase.NODES, HostId.of("b"),
            dev.kubestrap.plan.RunCommand.builder("slow step").shell("touch started; sleep 0.5").build(),
            dev.kubestrap.plan.PutFile.of("/etc/after", new byte[] {1}))
        .build();

    ApplyException failure = catchThrowableOfType(() -> executor().concurrency(2).build().apply(plan), ApplyException.class);

    assertThat(failure).hasMessageEndingWith("failed: exit code 127: conntrack: not found");
    assertThat(failure.action()).startsWith("run check conntrack: sh -c while");
    assertThat(events.stream().map(PlanExecutorTest::line))
        .contains("action-finished nodes b command:slow step CHANGED")
        .doesNotContain("action-started nodes b file:/etc/after");
    assertThat(temp.resolve("hosts/b/etc/after")).doesNotExist();
  }

  @Test
  void aHostThatCannotBeReachedStopsTheRunAtConnect() {
    PlanExecutor executor = executor().transports(host -> {
      throw new IllegalStateException("connect to root@198.18.0.7:22 refused");
    }).build();

    assertThatThrownBy(() -> executor.apply(plans().build("master")))
        .isInstanceOf(ApplyException.class)
        .hasMessage("[pki] connect on [master] failed: connect to root@198.18.0.7:22 refused");
  }

  @Test
  void eachHostUsesOneTransportForAllPhasesClosedAtTheEnd() {
    executor().build().apply(plans().build("master", "node-1", "node-2"));
    assertThat(opened).hasValue(3);
    assertThat(transports.values()).allMatch(t -> t.closed.get());
  }

  @Test
  void noMoreHostsThanTheConcurrencyLimitWorkAtOnce() {
    AtomicInteger busy = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    java.util.concurrent.CountDownLatch threeConnected = new java.util.concurrent.CountDownLatch(3);
    String[] hosts = java.util.stream.IntStream.range(0, 8).mapToObj(i -> "node-" + i).toArray(String[]::new);
    PlanExecutor executor = executor()
        .concurrency(3)
        .transports(host -> {
          // hold the first hosts until three are connected, so that the bound is actually reached
          threeConnected.countDown();
          awaitQuietly(threeConnected);
          return new RecordingTransport(LocalTransport.rootedAt(root(host.name())), Duration.ofMillis(5));
        })
        .listener(event -> {
          if (event instanceof ApplyEvent.HostStarted) {
            most.accumulateAndGet(busy.incrementAndGet(), Math::max);
          } else if (event instanceof ApplyEvent.HostFinished) {
            busy.decrementAndGet();
          }
        })
        .build();

    executor.apply(plans().build(hosts));

    assertThat(most).hasValue(3);
  }

  @Test
  void aHostsFilesOfAPhaseAreSentAtMostThreeAtOnceBetweenTheirDirectoryAndTheirServices() {
    Map<HostId, AtomicInteger> sending = new ConcurrentHashMap<>();
    AtomicInteger most = new AtomicInteger();
    List<String> order = new CopyOnWriteArrayList<>();
    PlanExecutor executor = executor()
        .transports(host -> new RecordingTransport(LocalTransport.rootedAt(root(host.name())), Duration.ofMillis(40)))
        .listener(event -> {
          if (event instanceof ApplyEvent.ActionStarted e && e.phase() == Phase.NODES) {
            order.add("start " + e.host() + " " + kind(e.action()));
            if (e.action() instanceof dev.kubestrap.plan.Placement) {
              most.accumulateAndGet(sending.computeIfAbsent(e.host(), h -> new AtomicInteger()).incrementAndGet(),
                  Math::max);
            }
          } else if (event instanceof ApplyEvent.ActionFinished e && e.phase() == Phase.NODES) {
            order.add("finish " + e.host() + " " + kind(e.action()));
            if (e.action() instanceof dev.kubestrap.plan.Placement) {
              sending.get(e.host()).decrementAndGet();
            }
          }
        })
        .build();

    ApplyReport report = executor.apply(plans().build("master"));

    // the nodes phase places four files: three go at once, never more
    assertThat(most).hasValue(3);
    assertThat(report.host(HostId.of("master")).orElseThrow().filesSent()).isEqualTo(9);
    int directoryDone = order.indexOf("finish master directory");
    int firstPlacement = order.indexOf("start master placement");
    int lastPlacementDone = order.lastIndexOf("finish master placement");
    int firstService = order.indexOf("start master service");
    assertThat(directoryDone).isNotNegative().isLessThan(firstPlacement);
    assertThat(lastPlacementDone).isLessThan(firstService);
    assertThat(order.stream().filter(l -> l.equals("finish master placement"))).hasSize(4);
  }

  private static String kind(dev.kubestrap.plan.Action action) {
    return action instanceof dev.kubestrap.plan.Placement ? "placement"
        : action instanceof dev.kubestrap.plan.EnsureDirectory ? "directory"
        : action instanceof dev.kubestrap.plan.ServiceAction ? "service" : "other";
  }

  @Test
  void eventsComeInOrderForEachHost() {
    executor().build().apply(plans().build("master", "node-1"));

    assertThat(events.get(0)).isInstanceOf(ApplyEvent.ApplyStarted.class);
    assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(ApplyEvent.ApplyFinished.class,
        f -> assertThat(f.succeeded()).isTrue());
    assertThat(events).filteredOn(e -> e instanceof ApplyEvent.PhaseStarted)
        .extracting(e -> ((ApplyEvent.PhaseStarted) e).phase())
        .containsExactly(Phase.PKI, Phase.ETCD, Phase.NODES);

    List<String> master = events.stream().map(PlanExecutorTest::line).filter(l -> l.contains("master") || l.startsWith("phase")).toList();
    assertThat(master).containsSubsequence(
        "phase-started pki", "host-started pki master",
        "action-started pki master directory:/etc/kubernetes/pki", "action-finished pki master directory:/etc/kubernetes/pki CHANGED",
        "action-started pki master file:/etc/kubernetes/pki/ca.crt", "bytes-sent pki master /etc/kubernetes/pki/ca.crt",
        "action-finished pki master file:/etc/kubernetes/pki/ca.crt CHANGED",
        "host-finished pki master", "phase-finished pki",
        "phase-started etcd", "action-finished etcd master service:etcd.service STARTED",
        "action-finished etcd master health:etcd healthy HEALTHY", "phase-finished etcd",
        "action-started nodes master command:load br_netfilter", "warning nodes master command:load br_netfilter",
        "action-finished nodes master command:load br_netfilter FAILED_ALLOWED", "phase-finished nodes");
    // every host event of a phase lies between the phase's start and finish
    int nodesStart = indexOf("phase-started nodes");
    int nodesEnd = indexOf("phase-finished nodes");
    for (int i = 0; i < events.size(); i++) {
      if (line(events.get(i)).matches("\\S+ nodes (master|node-1).*")) {
        assertThat(i).isBetween(nodesStart, nodesEnd);
      }
    }
  }

  @Test
  void clusterStepsRunAfterTheirPhasesHostsAndAFailingOneStopsTheRun() {
    List<String> order = new CopyOnWriteArrayList<>();
    PlanExecutor executor = executor()
        .listener(event -> order.add(line(event)))
        .clusterStep(Phase.CLUSTER_RBAC, "apply apiserver-to-kubelet RBAC", () -> order.add("rbac"))
        .clusterStep(Phase.ADDONS, "apply flannel", () -> {
          throw new IllegalStateException("the server could not find the requested resource");
        })
        .clusterStep(Phase.VERIFY, "nodes ready", () -> order.add("verify"))
        .build();

    ApplyException failure = catchThrowableOfType(() -> executor.apply(plans().build("master")), ApplyException.class);

    assertThat(order).containsSubsequence("phase-finished nodes", "phase-started cluster-rbac", "ClusterStepStarted",
        "rbac", "ClusterStepFinished", "phase-finished cluster-rbac", "phase-started addons", "ClusterStepStarted",
        "phase-finished addons");
    assertThat(order).doesNotContain("verify");
    assertThat(failure).hasMessage("[addons] apply flannel on [cluster API] failed: "
        + "the server could not find the requested resource");
    assertThat(failure.host()).isEqualTo(HostId.of("cluster"));
  }

  @Test
  void aGuardedCommandIsSkippedWhenItsGuardPasses() {
    ClusterPlan plan = ClusterPlan.builder("lab")
        .add(Phase.NODES, HostId.of("a"),
            dev.kubestrap.plan.RunCommand.builder("mark").shell("touch marker").unless("test", "-e", "marker").build())
        .build();
    ApplyReport first = executor().build().apply(plan);
    ApplyReport second = executor().build().apply(plan);

    assertThat(temp.resolve("hosts/a/marker")).exists();
    assertThat(first.host(HostId.of("a")).orElseThrow().commandsRun()).isEqualTo(1);
    assertThat(second.host(HostId.of("a")).orElseThrow().commandsRun()).isZero();
    assertThat(events).filteredOn(e -> e instanceof ApplyEvent.ActionSkipped)
        .singleElement().extracting(e -> ((ApplyEvent.ActionSkipped) e).reason())
        .isEqualTo("guard passed: test -e marker");
  }

  private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int indexOf(String line) {
    for (int i = 0; i < events.size(); i++) {
      if (line(events.get(i)).equals(line)) {
        return i;
      }
    }
    throw new AssertionError("no event " + line);
  }

  /** A compact line per event, for order assertions. */
  static String line(ApplyEvent event) {
    if (event instanceof ApplyEvent.PhaseStarted e) {
      return "phase-started " + e.phase().label();
    } else if (event instanceof ApplyEvent.PhaseFinished e) {
      return "phase-finished " + e.phase().label();
    } else if (event instanceof ApplyEvent.HostStarted e) {
      return "host-started " + e.phase().label() + " " + e.host();
    } else if (event instanceof ApplyEvent.HostFinished e) {
      return "host-finished " + e.phase().label() + " " + e.host();
    } else if (event instanceof ApplyEvent.ActionStarted e) {
      return "action-started " + e.phase().label() + " " + e.host() + " " + e.action().key();
    } else if (event instanceof ApplyEvent.ActionFinished e) {
      return "action-finished " + e.phase().label() + " " + e.host() + " " + e.action().key() + " " + e.outcome();
    } else if (event instanceof ApplyEvent.ActionSkipped e) {
      return "action-skipped " + e.phase().label() + " " + e.host() + " " + e.action().key();
    } else if (event instanceof ApplyEvent.ActionFailed e) {
      return "action-failed " + e.phase().label() + " " + e.host() + " " + e.action().key();
    } else if (event instanceof ApplyEvent.Warning e) {
      return "warning " + e.phase().label() + " " + e.host() + " " + e.action().key();
    } else if (event instanceof ApplyEvent.BytesSent e) {
      return "bytes-sent " + e.phase().label() + " " + e.host() + " " + e.path();
    }
    return event.getClass().getSimpleName();
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
