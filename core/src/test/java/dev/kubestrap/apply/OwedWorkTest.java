package dev.kubestrap.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kubestrap.io.DirectoryLock;
import dev.kubestrap.io.DirectoryLockedException;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.SamplePlans;
import dev.kubestrap.transport.local.LocalTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts owed by a run that stops between sending a file and restarting its service, whatever stops it, are
 * done by the next run; and one state directory serves one run at a time. Hosts are directories, systemd is
 * recorded.
 */
class OwedWorkTest {
  private static final String NEW_KEY = "-----BEGIN PRIVATE KEY-----\nRENEWED-KEY-BYTES\n-----END PRIVATE KEY-----\n";

  @TempDir Path temp;
  Path state;
  Path etcdBinary;
  Path newEtcdBinary;
  final RecordingServiceManager systemd = new RecordingServiceManager();
  final List<StallingTransport> transports = new CopyOnWriteArrayList<>();
  volatile java.util.function.Consumer<String> beforePut = path -> {};

  @BeforeEach
  void files() throws IOException {
    state = temp.resolve("state");
    etcdBinary = Files.writeString(temp.resolve("etcd-1"), "#!/bin/sh\necho etcd 1\n");
    newEtcdBinary = Files.writeString(temp.resolve("etcd-2"), "#!/bin/sh\necho etcd 2\n");
  }

  private PlanExecutor executor() {
    return PlanExecutor.builder()
        .transports(host -> {
          StallingTransport transport = new StallingTransport(LocalTransport.rootedAt(root(host)), "/opt/etcd/bin/etcd")
              .beforePut(path -> beforePut.accept(path));
          transports.add(transport);
          return transport;
        })
        .inspection(RemoteInspection.batchedInWorkingDirectory())
        .serviceManager(systemd)
        .stateDir(state)
        .build();
  }

  private PlanExecutor passingExecutor() {
    return PlanExecutor.builder()
        .transports(host -> LocalTransport.rootedAt(root(host)))
        .inspection(RemoteInspection.batchedInWorkingDirectory())
        .serviceManager(systemd)
        .stateDir(state)
        .build();
  }

  private Path root(HostId host) {
    try {
      return Files.createDirectories(temp.resolve("hosts").resolve(host.name()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The node key renewed (kubelet restarts on it, in the PKI phase) and a new etcd program (etcd phase). */
  private ClusterPlan renewedKeyAndNewEtcd() {
    return SamplePlans.withBinary("", newEtcdBinary).keyText(NEW_KEY).build("master");
  }

  @Test
  void anInterruptDuringAnUploadReportsTheUploadAndTheNextRunRestartsWhatTheSentFilesOwe() throws Exception {
    passingExecutor().apply(SamplePlans.withBinary("", etcdBinary).build("master"));
    systemd.operations.clear();
    ClusterPlan changed = renewedKeyAndNewEtcd();
    AtomicReference<Thread> applying = new AtomicReference<>();
    CompletableFuture<Object[]> run = CompletableFuture.supplyAsync(() -> {
      applying.set(Thread.currentThread());
      Throwable thrown = catchThrowable(() -> executor().apply(changed));
      return new Object[] {thrown, Thread.interrupted()};
    });
    awaitStall();

    applying.get().interrupt();
    Object[] outcome = run.get(20, TimeUnit.SECONDS);

    assertThat((Throwable) outcome[0]).isInstanceOf(ApplyException.class)
        .hasMessageStartingWith("[etcd] binary /opt/etcd/bin/etcd (etcd 3.5.21, 0755) on [local:")
        .hasMessageEndingWith("failed: interrupted");
    ApplyException failure = (ApplyException) outcome[0];
    assertThat(failure.host()).isEqualTo(HostId.of("master"));
    assertThat(failure.phase()).isEqualTo(Phase.ETCD);
    assertThat(failure.report()).isPresent();
    assertThat(failure.getSuppressed()).isEmpty();
    assertThat((Boolean) outcome[1]).as("the caller's interrupt is kept").isTrue();
    assertThat(temp.resolve("hosts/master/etc/kubernetes/pki/node.key")).hasContent(NEW_KEY.strip());
    assertThat(systemd.restarts()).isEmpty();
    assertThat(AppliedPlanStore.in(state).pendingWork()).contains("master kubelet.service");
    assertThat(DirectoryLock.recordedHolder(state)).as("the lock is given back").isEmpty();

    ApplyReport next = passingExecutor().apply(changed);

    assertThat(next.host(HostId.of("master")).orElseThrow().servicesRestarted())
        .containsExactlyInAnyOrder("etcd.service", "kubelet.service");
    assertThat(AppliedPlanStore.in(state).pendingWork()).isEmpty();
    ApplyReport again = passingExecutor().apply(changed);
    assertThat(again.bytesSent()).isZero();
    assertThat(again.servicesRestarted()).isEmpty();
  }

  @Test
  void whatAFileOwesIsOnDiskBeforeTheFileIsSent() {
    passingExecutor().apply(SamplePlans.withBinary("", etcdBinary).build("master"));
    List<String> seen = new CopyOnWriteArrayList<>();
    beforePut = path -> seen.add(path + " -> " + AppliedPlanStore.in(state).pendingWork());

    closing(executor(), renewedKeyAndNewEtcd());

    assertThat(seen).contains("/etc/kubernetes/pki/node.key -> [master kubelet.service]");
  }

  @Test
  void aRunThatStopsAfterTheFirstPhaseLeavesItsRestartsOwedAcrossAnotherExecutor() {
    passingExecutor().apply(SamplePlans.withBinary("", etcdBinary).build("master"));
    systemd.operations.clear();

    closing(executor(), renewedKeyAndNewEtcd());

    // the stalled upload may have been renamed into place before the connection broke: etcd stays owed too
    assertThat(AppliedPlanStore.in(state).pendingWork()).containsExactly("master etcd.service", "master kubelet.service");
    assertThat(state.resolve(PendingJournal.FILE)).content(StandardCharsets.UTF_8)
        .startsWith("owe ").contains(" master kubelet.service\n");
  }

  @Test
  void anUnchangedFileTakesBackWhatItWouldHaveOwed() {
    PlanExecutor perFile = PlanExecutor.builder()
        .transports(host -> LocalTransport.rootedAt(root(host)))
        .inspection(RemoteInspection.perFile())
        .serviceManager(systemd)
        .stateDir(state)
        .build();
    ClusterPlan plan = SamplePlans.withBinary("", etcdBinary).build("master");
    perFile.apply(plan);
    systemd.operations.clear();

    ApplyReport again = perFile.apply(plan);

    assertThat(again.bytesSent()).isZero();
    assertThat(again.servicesRestarted()).isEmpty();
    assertThat(AppliedPlanStore.in(state).pendingWork()).isEmpty();
  }

  @Test
  void aJournalCutShortByACrashAndAnOlderPendingFileAreRead() throws IOException {
    Files.createDirectories(state);
    Files.writeString(state.resolve(PendingJournal.LEGACY), "master containerd.service\n");
    Files.writeString(state.resolve(PendingJournal.FILE), "owe a.1 master kubelet.service\n"
        + "owe a.2 master etcd.service\ndrop a.2 master etcd.service\nowe a.3 master @daemon-reload\n"
        + "done master @daemon-reload\nowe a.4 master kube-pro");

    assertThat(AppliedPlanStore.in(state).pendingWork())
        .containsExactly("master containerd.service", "master kubelet.service");

    try (PendingWork work = PendingWork.journaled(state)) {
      assertThat(work.items()).containsExactly("master containerd.service", "master kubelet.service");
    }
    assertThat(state.resolve(PendingJournal.LEGACY)).doesNotExist();
    assertThat(state.resolve(PendingJournal.FILE)).hasContent(
        "owe 0 master containerd.service\nowe 0 master kubelet.service");
  }

  @Test
  void anInterruptedThreadStillRecordsOwedWork() {
    try (PendingWork work = PendingWork.journaled(state)) {
      Thread.currentThread().interrupt();
      work.owe("master", List.of("kubelet.service"));
      work.done("master", "kubelet.service");
      work.owe("master", List.of("kube-proxy.service"));
    } finally {
      assertThat(Thread.interrupted()).isTrue();
    }
    assertThat(AppliedPlanStore.in(state).pendingWork()).containsExactly("master kube-proxy.service");
  }

  @Test
  void aSecondRunOnTheSameStateDirectoryIsRefusedWithTheFirstNamed() throws Exception {
    passingExecutor().apply(SamplePlans.withBinary("", etcdBinary).build("master"));
    CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(
        () -> catchThrowable(() -> executor().apply(renewedKeyAndNewEtcd())));
    awaitStall();

    DirectoryLockedException refused =
        catchThrowableOfType(() -> passingExecutor().apply(renewedKeyAndNewEtcd()), DirectoryLockedException.class);

    assertThat(refused).hasMessageContaining("is in use: apply of cluster lab by process "
        + ProcessHandle.current().pid() + " on ");
    transports.forEach(StallingTransport::close);
    assertThat(first.get(20, TimeUnit.SECONDS)).isInstanceOf(ApplyException.class);
    assertThat(passingExecutor().apply(renewedKeyAndNewEtcd()).servicesRestarted())
        .containsExactlyInAnyOrder("master/etcd.service", "master/kubelet.service");
  }

  @Test
  void aServiceThatFailsToRestartIsReportedByTheRestartAndStaysOwed() {
    passingExecutor().apply(SamplePlans.withBinary("", etcdBinary).build("master"));
    systemd.failToStart("kubelet.service");

    ApplyException failure = catchThrowableOfType(
        () -> passingExecutor().apply(SamplePlans.withBinary("", etcdBinary).keyText(NEW_KEY).build("master")),
        ApplyException.class);

    assertThat(failure.action()).isEqualTo("restart kubelet.service");
    assertThat(failure).hasMessageStartingWith("[nodes] restart kubelet.service on [local:")
        .hasMessageContaining("failed: Job for kubelet.service failed");
    assertThat(failure.journal()).isNotEmpty();
    assertThat(AppliedPlanStore.in(state).pendingWork()).containsExactly("master kubelet.service");
  }

  /** Applies with the etcd upload stalled, and stops it by closing the transports once it stalls. */
  private void closing(PlanExecutor executor, ClusterPlan plan) {
    CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> catchThrowable(() -> executor.apply(plan)));
    awaitStall();
    transports.forEach(StallingTransport::close);
    try {
      assertThat(run.get(20, TimeUnit.SECONDS)).isInstanceOf(ApplyException.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private void awaitStall() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (transports.isEmpty() || transports.get(transports.size() - 1).stalled.getCount() > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the etcd upload never started");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
