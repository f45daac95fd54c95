package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.apply.RemoteInspection;
import dev.kubestrap.binaries.DirectorySource;
import dev.kubestrap.io.DirectoryLock;
import dev.kubestrap.io.DirectoryLockedException;
import dev.kubestrap.spec.ClusterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One state directory, several cluster objects: one after another in one JVM they all work, also once sshj has
 * registered Bouncy Castle as a JCA provider; at the same time, all but the first are refused with the holder
 * named. Hosts are directories, systemd is recorded, no API objects are applied.
 */
class StateDirectoryTest {
  @TempDir
  Path tmp;

  private DirectorySource bundle;
  private final RecordingServices services = new RecordingServices();
  private final Map<String, StandInHost> hosts = new ConcurrentHashMap<>();
  private final List<ClusterEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void bundle() throws Exception {
    bundle = StandInBinaries.bundle(tmp.resolve("bundle"), ClusterSpec.seedDefault());
  }

  private Path stateDir() {
    return tmp.resolve("state");
  }

  private ClusterBuilder builder() {
    return ClusterBuilder.named("lab")
        .master(Host.local().name("master").address("127.0.0.1"))
        .worker(Host.local().name("node-1").address("127.0.0.2"))
        .stateDir(stateDir())
        .binaries(bundle)
        .services(services)
        .transports(host -> hosts.computeIfAbsent(host.name(), name -> new StandInHost(tmp.resolve("hosts").resolve(name))))
        .remoteInspection(RemoteInspection.perFile())
        .withoutApiObjects()
        .listener(events::add);
  }

  @Test
  void twoClusterObjectsForOneStateDirectoryOneAfterTheOtherBothWorkWithBouncyCastleRegistered() throws Exception {
    // what every SSH connection does first: sshj registers Bouncy Castle as a JCA provider of this JVM
    new net.schmizz.sshj.DefaultConfig();
    assertThat(Security.getProvider("BC")).as("Bouncy Castle registered").isNotNull();
    String firstPlan;
    try (Cluster first = builder().build()) {
      firstPlan = first.plan().record().toJson();
      assertThat(first.apply().filesSent()).isPositive();
    }
    byte[] ca = Files.readAllBytes(stateDir().resolve("pki/ca.pem"));

    try (Cluster second = builder().build()) {
      assertThat(second.plan().record().toJson()).isEqualTo(firstPlan);
      ClusterReport again = second.apply();

      assertThat(again.bytesSent()).isZero();
      assertThat(again.servicesRestarted()).isEmpty();
    }
    assertThat(Files.readAllBytes(stateDir().resolve("pki/ca.pem"))).isEqualTo(ca);
    assertThat(DirectoryLock.recordedHolder(stateDir())).as("no lock is kept between operations").isEmpty();
  }

  @Test
  void whileAnotherRunHoldsTheStateDirectoryPlanApplyAndResetAreRefusedNamingIt() throws Exception {
    try (Cluster first = builder().build()) {
      first.apply();
    }
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread other = new Thread(() -> {
      try (DirectoryLock lock = DirectoryLock.acquire(stateDir(), "apply of cluster lab")) {
        held.countDown();
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "other-apply");
    other.start();
    held.await();
    String holder = "is in use: apply of cluster lab by process " + ProcessHandle.current().pid() + " on ";
    try (Cluster second = builder().build()) {
      assertThatThrownBy(second::plan).isInstanceOf(DirectoryLockedException.class).hasMessageContaining(holder);
      assertThatThrownBy(second::apply).isInstanceOf(DirectoryLockedException.class).hasMessageContaining(holder)
          .hasMessageContaining("another thread of this process: other-apply");
      assertThatThrownBy(second::reset).isInstanceOf(DirectoryLockedException.class).hasMessageContaining(holder);
      assertThat(services.restarts()).isEmpty();

      done.countDown();
      other.join();
      assertThat(second.apply().bytesSent()).isZero();
    }
  }

  @Test
  void aLockLeftByARunThatDiedIsTakenOverAndReported() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.createDirectories(stateDir());
    Files.writeString(stateDir().resolve(DirectoryLock.HOLDER_FILE), "pid=" + gone.pid() + "\nhost=elsewhere\n"
        + "process-started=" + Instant.parse("2026-01-02T03:04:05Z") + "\nacquired=" + Instant.parse("2026-01-02T03:04:06Z")
        + "\npurpose=apply of cluster lab\n");

    try (Cluster cluster = builder().build()) {
      cluster.apply();
    }

    assertThat(events).filteredOn(e -> e instanceof ClusterEvent.StaleLockTakenOver).singleElement()
        .extracting(ClusterEvent::describe).asString()
        .startsWith("[state] took over the lock of " + stateDir().toRealPath() + " from apply of cluster lab by process "
            + gone.pid() + " on elsewhere (started 2026-01-02T03:04:05Z)");
  }
}
