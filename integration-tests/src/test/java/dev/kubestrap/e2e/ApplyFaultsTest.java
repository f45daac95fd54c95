package dev.kubestrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kubestrap.apply.AppliedPlanStore;
import dev.kubestrap.apply.ApplyException;
import dev.kubestrap.apply.HostReport;
import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterEvent;
import dev.kubestrap.cluster.ClusterReport;
import dev.kubestrap.io.DirectoryLock;
import dev.kubestrap.io.DirectoryLockedException;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.PutBinary;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.sandbox.junit.SandboxExtension;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.ssh.SshTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected while {@link Cluster#apply()} places a change on the seed's cluster (a control-plane host and a
 * node, the programs built from source, real SSH and systemd on sandbox hosts). The class has two sandbox hosts of
 * its own, not the run's shared cluster (it kills sshd and cuts links), stopped after its last test. Each change renews the node's kubelet
 * and kube-proxy client certificates (sent in the pki phase, so both services owe a restart from then on) and gives
 * kubelet a retagged program (84 MB, a new digest), sent in the nodes phase, before either service's turn, over a
 * link throttled to 16 Mbit/s, so that the fault lands inside that upload. Each test checks what the user sees, that both restarts owed are kept
 * (kube-proxy's files are all up to date in the next run: only the journal says it must restart), that the next run
 * restarts both services (each one's systemd invocation changes), that no temporary upload file remains, and that
 * the run after sends 0 bytes and restarts nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplyFaultsTest {
  private static final List<String> OWED = List.of("node kube-proxy.service", "node kubelet.service");
  private static final List<String> NODE_SERVICES = List.of("kube-proxy.service", "kubelet.service");
  private static final String SLOW_LINK = "16mbit";

  @RegisterExtension
  static final SandboxExtension SANDBOX = SandboxExtension.of(Sandbox.builder().hosts("master", "node"));

  private Path dir;
  private SandboxHost node;
  private BuiltPrograms programs;
  private FaultCluster cluster;
  private HostLink link;
  private SshTransport probe;
  private final List<ClusterEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  void installTheCluster(Sandbox sandbox, @TempDir Path temporary) throws Exception {
    dir = temporary;
    StartedSandboxes.record(sandbox);
    programs = BuiltPrograms.require();
    node = sandbox.host("node");
    cluster = FaultCluster.of(sandbox, programs, dir.resolve("state"));
    try (Cluster fresh = cluster.builder().build()) {
      fresh.apply();
    }
    link = HostLink.of(sandbox, node);
    probe = node.connect();
  }

  @AfterEach
  void healTheLink() {
    if (link != null) {
      link.restore();
      link.unthrottle();
    }
    events.clear();
  }

  @AfterAll
  void closeTheProbe() {
    if (probe != null) {
      probe.close();
    }
  }

  @Test
  @Order(1)
  void anInterruptDuringAnUploadIsReportedAsThatUploadAndTheNextRunRestartsBothServices() throws Exception {
    Change change = change("kubelet", "interrupt");
    link.throttle(SLOW_LINK);
    AtomicReference<Thread> applying = new AtomicReference<>();
    CompletableFuture<Object[]> run = CompletableFuture.supplyAsync(() -> {
      applying.set(Thread.currentThread());
      try (Cluster changed = change.cluster().builder().build()) {
        Throwable thrown = catchThrowable(changed::apply);
        return new Object[] {thrown, Thread.interrupted()};
      }
    });
    awaitUpload(change);

    applying.get().interrupt();
    Object[] outcome = run.get(60, TimeUnit.SECONDS);

    assertThat((Throwable) outcome[0]).isInstanceOf(ApplyException.class)
        .hasMessage("[nodes] " + change.action() + " on [root@" + node.address() + ":22] failed: interrupted");
    assertThat(((ApplyException) outcome[0]).getSuppressed()).isEmpty();
    assertThat((Boolean) outcome[1]).as("the interrupt is kept for the caller").isTrue();
    nextRunsRestartBothServicesThenNothing(change);
  }

  @Test
  @Order(2)
  void aKillNineOfTheApplyingJvmLosesNoRestartAndItsLockIsTakenOver() throws Exception {
    Change change = change("kubelet", "kill-9");
    Path ca = cluster.stateDir().resolve("pki/ca.pem");
    byte[] caBefore = Files.readAllBytes(ca);
    byte[] keyBefore = Files.readAllBytes(cluster.stateDir().resolve("encryption-key"));
    link.throttle(SLOW_LINK);
    Process child = startApplyingChild(change.cluster());
    try {
      awaitUpload(change);

      DirectoryLockedException refused = catchThrowableOfType(() -> {
        try (Cluster second = change.cluster().builder().build()) {
          second.apply();
        }
      }, DirectoryLockedException.class);
      assertThat(refused).as("a second apply on the same state directory, from this JVM")
          .hasMessageContaining(" is in use: apply of cluster seed by process " + child.pid() + " on ");

      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }

    cutShortLeftTheOldProgram(change);
    assertThat(Files.readAllBytes(ca)).isEqualTo(caBefore);
    assertThat(Files.readAllBytes(cluster.stateDir().resolve("encryption-key"))).isEqualTo(keyBefore);
    nextRunsRestartBothServicesThenNothing(change);
    assertThat(events).filteredOn(e -> e instanceof ClusterEvent.StaleLockTakenOver).singleElement()
        .extracting(e -> ((ClusterEvent.StaleLockTakenOver) e).previous().pid()).isEqualTo(child.pid());
  }

  @Test
  @Order(3)
  void sshdKilledDuringAnUploadStopsTheRunNamingHostPhaseAndUpload() throws Exception {
    Change change = change("kubelet", "sshd");
    link.throttle(SLOW_LINK);
    CompletableFuture<Throwable> run = applyInBackground(change.cluster());
    awaitUpload(change);

    // every sshd process of the node, the listener included, which systemd then starts again
    probe.exec(Command.script("nohup setsid sh -c 'sleep 0.2; pkill -KILL -x sshd' >/dev/null 2>&1 &"));

    assertThat(run.get(120, TimeUnit.SECONDS)).isInstanceOf(ApplyException.class)
        .hasMessageStartingWith("[nodes] " + change.action() + " on [root@" + node.address() + ":22] failed: ")
        .hasMessageContaining("connection lost");
    awaitSsh();
    nextRunsRestartBothServicesThenNothing(change);
  }

  @Test
  @Order(4)
  void aLinkCutDuringAnUploadFailsTheRunAtTheDeadPeerTimeout() throws Exception {
    Change change = change("kubelet", "link-cut");
    FaultCluster watched = change.cluster().keepAlive(Duration.ofSeconds(1), Duration.ofSeconds(5));
    link.throttle(SLOW_LINK);
    CompletableFuture<Throwable> run = applyInBackground(watched);
    awaitUpload(change);

    link.cut();
    Instant cut = Instant.now();
    Throwable failure = run.get(120, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(ApplyException.class)
        .hasMessage("[nodes] " + change.action() + " on [root@" + node.address() + ":22] failed: put "
            + change.upload() + " on root@" + node.address() + ":22 failed: connection lost: no data from the host"
            + " for 5 s (keep-alive every 1 s)");
    assertThat(Duration.between(cut, Instant.now())).as("well before TCP would give up").isLessThan(Duration.ofSeconds(60));
    link.restore();
    awaitSsh();
    cutShortLeftTheOldProgram(change);
    nextRunsRestartBothServicesThenNothing(change);
  }

  @Test
  @Order(5)
  void aSecondApplyWhileOneRunsIsRefusedAndTheFirstRestartsEachServiceOnce() throws Exception {
    Change change = change("kubelet", "concurrent");
    link.throttle(SLOW_LINK);
    CompletableFuture<ClusterReport> first = CompletableFuture.supplyAsync(() -> {
      try (Cluster one = change.cluster().builder().build()) {
        return one.apply();
      }
    });
    awaitUpload(change);

    Throwable second;
    try (Cluster two = change.cluster().builder().build()) {
      second = catchThrowable(two::apply);
    }
    link.unthrottle();
    ClusterReport report = first.get(180, TimeUnit.SECONDS);

    assertThat(second).isInstanceOf(DirectoryLockedException.class)
        .hasMessageContaining(" is in use: apply of cluster seed by process " + ProcessHandle.current().pid() + " on ")
        .hasMessageContaining("another thread of this process");
    assertThat(report.servicesRestarted("node")).containsExactlyInAnyOrderElementsOf(NODE_SERVICES);
    assertThat(invocations()).allSatisfy(id -> assertThat(change.invocations()).doesNotContain(id));
    assertThat(AppliedPlanStore.in(cluster.stateDir()).pendingWork()).isEmpty();
    try (Cluster unchanged = change.cluster().builder().build()) {
      nothingOnTheNextRun(unchanged);
    }
  }

  @Test
  @Order(6)
  void aServiceThatFailsToRestartIsReportedByTheRestartAndIsRestartedOnceItCan() throws Exception {
    Change change = change(null, "failing-service");
    // a start condition on the host that kubelet cannot meet, outside kubestrap's unit
    probe.run(Command.script("mkdir -p /etc/systemd/system/kubelet.service.d && printf '[Service]\\nExecStartPre=/bin/false\\n'"
        + " > /etc/systemd/system/kubelet.service.d/99-fault.conf && systemctl daemon-reload"));
    try {
      ApplyException failure;
      try (Cluster changed = change.cluster().builder().build()) {
        failure = catchThrowableOfType(changed::apply, ApplyException.class);
      }

      assertThat(failure.action()).isEqualTo("restart kubelet.service");
      assertThat(failure).hasMessageStartingWith("[nodes] restart kubelet.service on [root@" + node.address()
          + ":22] failed: ").hasMessageContaining("kubelet.service");
      assertThat(failure.journal()).isNotEmpty();
    } finally {
      probe.run(Command.script("rm -rf /etc/systemd/system/kubelet.service.d && systemctl daemon-reload"));
    }
    nextRunsRestartBothServicesThenNothing(change);
  }

  @Test
  @Order(7)
  void resetRemovesWhatAnInterruptedUploadLeftBesideAUnit() {
    // named and placed as an interrupted upload of kubelet's unit leaves it, in a directory reset keeps
    String stray = "/etc/systemd/system/.kubelet.service" + Transport.TEMP_MARKER + "0123456789abcdef";
    probe.run(Command.script("printf '[Unit]\\n' > \"$1\"", stray));

    try (Cluster resetting = cluster.builder().build()) {
      resetting.reset();
    }

    assertThat(strays()).isEmpty();
    assertThat(probe.exec(Command.of("test", "-e", "/etc/systemd/system/kubelet.service")).exitCode())
        .as("kubelet's unit removed").isNotZero();
  }

  /**
   * A change owing restarts of kubelet and kube-proxy: their client certificates are deleted from the local PKI (the
   * next plan issues new ones) and, unless {@code program} is null, that program is retagged.
   */
  private Change change(String program, String tag) throws Exception {
    for (String base : List.of("kubelet-client-node", "kube-proxy")) {
      Files.delete(cluster.stateDir().resolve("pki/" + base + ".pem"));
      Files.delete(cluster.stateDir().resolve("pki/" + base + "-key.pem"));
    }
    FaultCluster changed = cluster;
    if (program != null) {
      changed = cluster.with(RetaggedProgram.of(programs.source(), program, programs.directory().resolve(program),
          dir.resolve("retagged-" + tag), tag));
    }
    List<String> invocations = invocations();
    if (program == null) {
      return new Change(changed, null, null, invocations, List.of(), Optional.empty());
    }
    PutBinary upload;
    try (Cluster planned = changed.builder().build()) {
      upload = planned.plan().actions(Phase.NODES, HostId.of("node")).stream()
          .filter(a -> a instanceof PutBinary b && b.artifact().equals(program)).map(a -> (PutBinary) a)
          .findFirst().orElseThrow();
    }
    return new Change(changed, upload.path(), upload.describe().replaceAll("\\s+", " "), invocations, strays(),
        probe.sha256(upload.path()));
  }

  /**
   * @param cluster the changed cluster
   * @param upload the path of the slow upload
   * @param action how the apply names that upload
   * @param invocations the systemd invocation ids of kube-proxy and kubelet before the change
   * @param strays temporary files on the node before the change (left by a test that failed), not the upload's
   * @param programBefore the sha256 of the slow upload's target on the node before the change
   */
  private record Change(FaultCluster cluster, String upload, String action, List<String> invocations,
      List<String> strays, Optional<String> programBefore) {}

  private CompletableFuture<Throwable> applyInBackground(FaultCluster described) {
    return CompletableFuture.supplyAsync(() -> {
      try (Cluster changed = described.builder().build()) {
        return catchThrowable(changed::apply);
      }
    });
  }

  /** Waits until the slow upload's temporary file (one the change found not there yet) holds more than a megabyte. */
  private void awaitUpload(Change change) throws InterruptedException {
    String parent = change.upload().substring(0, change.upload().lastIndexOf('/'));
    String name = change.upload().substring(change.upload().lastIndexOf('/') + 1);
    Instant deadline = Instant.now().plusSeconds(180);
    while (Instant.now().isBefore(deadline)) {
      String sizes = probe.exec(Command.script("for f in \"$1\"/.\"$2$3\"*; do"
          + " [ -f \"$f\" ] && stat -c '%s %n' \"$f\"; done; true", parent, name, Transport.TEMP_MARKER))
          .stdoutTrimmed();
      if (sizes.lines().map(line -> line.split(" ", 2))
          .anyMatch(file -> !change.strays().contains(file[1]) && Long.parseLong(file[0]) > 1_000_000)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the upload of " + change.upload() + " never got going");
  }

  /**
   * The upload cut short replaced nothing: the node still has the program it had before the change. It leaves at most
   * its own temporary file, or none when the host saw the end of the stream, found the partial content was not what the
   * pin says and removed it itself; either way the next run removes or replaces what is left.
   */
  private void cutShortLeftTheOldProgram(Change change) {
    assertThat(probe.sha256(change.upload())).as("the program on the node").isEqualTo(change.programBefore());
    assertThat(strays()).as("temporary files left by the cut upload").hasSizeLessThanOrEqualTo(1);
  }

  private void nextRunsRestartBothServicesThenNothing(Change change) throws Exception {
    link.unthrottle();
    assertThat(AppliedPlanStore.in(cluster.stateDir()).pendingWork()).as("restarts owed after the fault")
        .containsAll(OWED);

    try (Cluster again = change.cluster().builder().listener(events::add).build()) {
      restartedBothServices(change, again.apply());
      nothingOnTheNextRun(again);
    }
  }

  private void restartedBothServices(Change change, ClusterReport next) {
    HostReport onNode = next.hosts().host(HostId.of("node")).orElseThrow();
    List<String> done = new ArrayList<>(onNode.servicesRestarted());
    done.addAll(onNode.servicesStarted());
    assertThat(done).as("restarted (or started, after a failed restart)").containsAll(NODE_SERVICES);
    assertThat(invocations()).allSatisfy(id -> assertThat(change.invocations()).doesNotContain(id));
    assertThat(AppliedPlanStore.in(cluster.stateDir()).pendingWork()).isEmpty();
    assertThat(strays()).isEmpty();
    assertThat(DirectoryLock.recordedHolder(cluster.stateDir())).isEmpty();
  }

  private static void nothingOnTheNextRun(Cluster unchanged) {
    ClusterReport report = unchanged.apply();
    assertThat(report.bytesSent()).as("bytes sent by the run after").isZero();
    assertThat(report.servicesRestarted()).as("restarts by the run after").isEmpty();
  }

  /** The systemd invocation ids of kube-proxy and kubelet on the node: a restart gives a service a new one. */
  private List<String> invocations() {
    String ids = probe.run(Command.of("systemctl", "show", "-p", "InvocationID", "--value", "kube-proxy.service",
        "kubelet.service")).stdoutTrimmed();
    List<String> list = ids.lines().filter(line -> !line.isBlank()).toList();
    assertThat(list).hasSize(2);
    return list;
  }

  /** Temporary upload files anywhere kubestrap places files on the node. */
  private List<String> strays() {
    return probe.run(Command.script("find /opt /etc /var/lib/kubelet -xdev -name \".*$1*\" 2>/dev/null; true",
        Transport.TEMP_MARKER)).stdoutTrimmed().lines().filter(line -> !line.isBlank()).toList();
  }

  /** Waits until the node accepts SSH connections again, then gives the probe a fresh connection. */
  private void awaitSsh() throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (true) {
      try (SshTransport fresh = node.connect()) {
        fresh.run(Command.of("true"));
        probe.close();
        probe = node.connect();
        return;
      } catch (RuntimeException e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  private Process startApplyingChild(FaultCluster described) throws Exception {
    Path properties = dir.resolve("child.properties");
    described.writeTo(properties);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(java.toString(), "-cp", classpath,
        ApplyChildMain.class.getName(), properties.toString())
        .redirectError(dir.resolve("child.err").toFile())
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("APPLYING " + child.pid());
    Thread drain = new Thread(() -> {
      try {
        out.transferTo(Files.newBufferedWriter(dir.resolve("child.out")));
      } catch (java.io.IOException e) {
        // the child was killed
      }
    }, "apply-child-output");
    drain.setDaemon(true);
    drain.start();
    return child;
  }
}
