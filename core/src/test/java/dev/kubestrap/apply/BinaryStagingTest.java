package dev.kubestrap.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.apply.internal.BatchedInspection;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.PutBinary;
import dev.kubestrap.plan.internal.Digests;
import dev.kubestrap.plan.SamplePlans;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.local.LocalTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload apply sends each host its programs ahead of their phases into a staging directory beside the digest
 * cache, and the phase places the staged copy. Runs for real on an unrooted local transport.
 */
class BinaryStagingTest {
  @TempDir Path temp;
  final List<RecordingTransport> opened = new CopyOnWriteArrayList<>();

  private PlanExecutor executor(Path cache) {
    return executor(cache, null);
  }

  /** With {@code bulk} (when not null) as every host's bulk transport. */
  private PlanExecutor executor(Path cache, Transport bulk) {
    return PlanExecutor.builder()
        .transports(host -> {
          RecordingTransport transport = new RecordingTransport(LocalTransport.create());
          if (bulk != null) {
            transport.withBulk(bulk);
          }
          opened.add(transport);
          return transport;
        })
        .serviceManager(new RecordingServiceManager())
        .inspection(new BatchedInspection("", cache.toString()))
        .build();
  }

  private Path program(String name, int size) throws IOException {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Files.write(temp.resolve(name), bytes);
  }

  /** The sample plan with {@code binary} as etcd's program on the host "master", beneath {@code temp/host}. */
  private ClusterPlan planPlacing(Path binary) {
    return SamplePlans.withBinary(temp.resolve("host").toString(), binary).build("master");
  }

  @Test
  void aFreshApplyPlacesTheStagedCopyAndRemovesItAfterwards() throws IOException {
    Path binary = program("etcd-bin", 300_000);
    String sha256 = Digests.sha256(binary);
    Path cache = temp.resolve("cache");

    ApplyReport report = executor(cache).apply(planPlacing(binary));

    Path placed = temp.resolve("host/opt/etcd/bin/etcd");
    assertThat(placed).hasSameBinaryContentAs(binary);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(placed))).isEqualTo("rwxr-xr-x");
    RecordingTransport master = opened.get(0);
    String staged = cache.resolve("artifacts").resolve(sha256).toString();
    assertThat(master.putPaths).as("sent to the staging directory, not to the target").contains(staged)
        .doesNotContain(placed.toString());
    assertThat(master.commands).as("placed from the staged copy").anySatisfy(c -> assertThat(c).contains(staged));
    assertThat(report.bytesSent()).as("the program's bytes count once").isEqualTo(master.bytesSent.get());
    assertThat(Path.of(staged)).as("removed after the apply succeeded").doesNotExist();
    try (Stream<Path> strays = Files.list(placed.getParent())) {
      assertThat(strays.map(Path::getFileName).map(Path::toString)).containsExactly("etcd");
    }
  }

  @Test
  void stagingSendsOverTheHostsBulkTransportWhileThePhasesUseTheirOwn() throws IOException {
    Path binary = program("etcd-bin", 300_000);
    Path cache = temp.resolve("cache");
    RecordingTransport bulk = new RecordingTransport(LocalTransport.create());

    ApplyReport report = executor(cache, bulk).apply(planPlacing(binary));

    String sha256 = Digests.sha256(binary);
    String staged = cache.resolve("artifacts").resolve(sha256).toString();
    RecordingTransport master = opened.get(0);
    assertThat(bulk.putPaths).as("staged over the bulk transport").containsExactly(staged);
    assertThat(bulk.commands).as("only staging's look for missing programs besides the upload").hasSize(1)
        .allSatisfy(c -> assertThat(c).contains("/opt/etcd/bin/etcd"));
    assertThat(master.putPaths).as("the phases' own transport sent no program").doesNotContain(staged);
    assertThat(master.commands).as("the phase placed the staged copy").anySatisfy(c -> assertThat(c).contains(staged));
    assertThat(bulk.bytesSent.get()).as("the program, once").isEqualTo(Files.size(binary));
    assertThat(report.bytesSent()).as("counted with the phases' own files")
        .isEqualTo(bulk.bytesSent.get() + master.bytesSent.get());
    assertThat(temp.resolve("host/opt/etcd/bin/etcd")).hasSameBinaryContentAs(binary);
  }

  @Test
  void twoTargetsOfTheSameProgramGetTheirOwnFilesAndNothingStaysStaged() throws IOException {
    Path binary = program("shared", 120_000);
    String sha256 = Digests.sha256(binary);
    Path root = temp.resolve("host");
    ClusterPlan.Builder builder = ClusterPlan.builder("lab");
    builder.add(Phase.NODES, HostId.of("master"),
        PutBinary.builder().path(root + "/opt/a/tool").artifact("tool").version("1").sha256(sha256).source(binary)
            .build(),
        PutBinary.builder().path(root + "/opt/b/tool").artifact("tool").version("1").sha256(sha256).source(binary)
            .build());
    Path cache = temp.resolve("cache");

    executor(cache).apply(builder.build());

    Path first = root.resolve("opt/a/tool");
    Path second = root.resolve("opt/b/tool");
    assertThat(first).hasSameBinaryContentAs(binary);
    assertThat(second).hasSameBinaryContentAs(binary);
    assertThat(Files.getAttribute(first, "unix:ino")).isNotEqualTo(Files.getAttribute(second, "unix:ino"));
    assertThat(cache.resolve("artifacts").resolve(sha256)).as("nothing left staged").doesNotExist();
    // Which placement copies, which moves, and whether a phase sends one itself before staging started it depends on
    // the threads' timing; these hold whatever it was.
  }

  @Test
  void aProgramThatReplacesOneInPlaceGoesWithItsPhase() throws IOException {
    Path cache = temp.resolve("cache");
    String root = temp.resolve("host").toString();
    executor(cache).apply(SamplePlans.withBinary(root, program("etcd-old", 40_000)).build("master"));
    Path upgraded = program("etcd-new", 60_000);
    opened.clear();

    executor(cache).apply(SamplePlans.withBinary(root, upgraded).build("master"));

    Path placed = temp.resolve("host/opt/etcd/bin/etcd");
    assertThat(placed).hasSameBinaryContentAs(upgraded);
    assertThat(opened.get(0).putPaths).containsExactly(placed.toString());
  }

  @Test
  void whenStagingCannotWriteThePhaseSendsTheProgramItself() throws IOException {
    Path binary = program("etcd-bin", 50_000);
    ClusterPlan plan = SamplePlans.withBinary(temp.resolve("host").toString(), binary).build("master");
    Path cache = Files.writeString(temp.resolve("cache"), "a file where the cache directory should be");

    executor(cache).apply(plan);

    Path placed = temp.resolve("host/opt/etcd/bin/etcd");
    assertThat(placed).hasSameBinaryContentAs(binary);
    assertThat(opened.get(0).putPaths).contains(placed.toString());
  }

  @Test
  void aStagedFileIsCopiedWhileStillNeededAndMovedAtItsLastUse() throws IOException {
    Path staged = program("staged", 10_000);
    Object stagedInode = Files.getAttribute(staged, "unix:ino");
    Path first = temp.resolve("bin/first");
    Path second = temp.resolve("other/second");
    try (LocalTransport host = LocalTransport.create()) {
      assertThat(place(host, staged, first, "0755", "copy").succeeded()).isTrue();
      assertThat(staged).as("still needed").exists();
      assertThat(place(host, staged, second, "0700", "move").succeeded()).isTrue();
      ExecResult missing = place(host, staged, temp.resolve("bin/third"), "0755", "move");

      assertThat(staged).as("moved at its last use").doesNotExist();
      assertThat(Files.getAttribute(second, "unix:ino")).isEqualTo(stagedInode);
      assertThat(Files.getAttribute(first, "unix:ino")).as("a copy: no two targets share an inode")
          .isNotEqualTo(stagedInode);
      assertThat(first).hasSameBinaryContentAs(second);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first))).isEqualTo("rwxr-xr-x");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(second))).isEqualTo("rwx------");
      assertThat(missing.succeeded()).isFalse();
      assertThat(missing.stderr()).contains("not staged");
      try (Stream<Path> left = Files.list(temp.resolve("bin"))) {
        assertThat(left.map(Path::getFileName).map(Path::toString)).as("no temporary file left")
            .containsExactly("first");
      }
    }
  }

  @Test
  void thePlacedProgramKeepsItsChangeTimeAfterTheApply() throws Exception {
    // The digest cache keys a file by its change time: nothing may touch the placed program after its phase.
    Path binary = program("etcd-bin", 80_000);
    ClusterPlan plan = SamplePlans.withBinary(temp.resolve("host").toString(), binary).build("master");
    Path cache = temp.resolve("cache");
    Path placed = temp.resolve("host/opt/etcd/bin/etcd");
    List<Object> changeTimes = new CopyOnWriteArrayList<>();
    PlanExecutor executor = PlanExecutor.builder()
        .transports(host -> new RecordingTransport(LocalTransport.create()))
        .serviceManager(new RecordingServiceManager())
        .inspection(new BatchedInspection("", cache.toString()))
        .listener(event -> {
          if (event instanceof ApplyEvent.PhaseFinished finished && Files.exists(placed)) {
            changeTimes.add(ctime(placed));
          }
        })
        .build();

    executor.apply(plan);

    assertThat(changeTimes).isNotEmpty();
    assertThat(ctime(placed)).as("change time after the apply").isEqualTo(changeTimes.get(0));
  }

  private static Object ctime(Path file) {
    try {
      return Files.getAttribute(file, "unix:ctime");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ExecResult place(LocalTransport host, Path staged, Path target, String mode, String use) {
    return host.exec(Command.script(BinaryStaging.PLACE, staged.toString(), target.toString(), mode, "", use));
  }
}
