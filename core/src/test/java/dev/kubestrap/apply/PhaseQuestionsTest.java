package dev.kubestrap.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.EnsureDirectory;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.InstallUnit;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.PutFile;
import dev.kubestrap.plan.RunCommand;
import dev.kubestrap.plan.ServiceAction;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.local.LocalTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a host is asked at the start of its phase (paths, service statuses, guards) goes in one command, and an
 * answer is used only while nothing earlier in the phase reached the host. Hosts are directories
 * ({@code LocalTransport.rootedAt}) whose commands run in them; services are files under {@code units/} read by a
 * real status command.
 */
class PhaseQuestionsTest {
  @TempDir Path temp;
  final Map<HostId, RecordingTransport> transports = new ConcurrentHashMap<>();

  private PlanExecutor executor() {
    return PlanExecutor.builder()
        .transports(host -> transports.compute(host,
            (h, old) -> new RecordingTransport(LocalTransport.rootedAt(root(h.name())))))
        .inspection(RemoteInspection.batchedInWorkingDirectory())
        .serviceManager(new UnitFiles())
        .build();
  }

  private Path root(String host) {
    try {
      return Files.createDirectories(temp.resolve("hosts").resolve(host));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Two phases on the master, one on the node; each has directories, files, guarded commands and services. */
  private static ClusterPlan plan() {
    ClusterPlan.Builder plan = ClusterPlan.builder("lab");
    for (String host : List.of("master", "node")) {
      plan.add(Phase.NODES, HostId.of(host),
          EnsureDirectory.of("/etc/containerd"),
          PutFile.text("/etc/containerd/config.toml", "version = 2\n", FileMode.of(0644)),
          RunCommand.builder("load modules").shell("mkdir -p modules && touch modules/overlay")
              .unless("test", "-e", "modules/overlay").build(),
          RunCommand.builder("apply sysctls").shell("touch sysctls-applied")
              .unless("sh", "-c", "test -e sysctls-applied").build(),
          InstallUnit.of("containerd.service", "[Service]\nExecStart=/opt/containerd/bin/containerd\n"),
          InstallUnit.of("kubelet.service", "[Service]\nExecStart=/opt/kubelet/kubelet\n"),
          ServiceAction.builder("containerd.service").build(),
          ServiceAction.builder("kubelet.service").build());
    }
    plan.add(Phase.ETCD, HostId.of("master"),
        EnsureDirectory.of("/var/lib/etcd"),
        InstallUnit.of("etcd.service", "[Service]\nExecStart=/opt/etcd/etcd\n"),
        RunCommand.builder("etcd member marker").shell("touch etcd-private")
            .unless("test", "-e", "etcd-private").build(),
        ServiceAction.builder("etcd.service").build());
    return plan.build();
  }

  @Test
  void anUnchangedReapplyAsksEachHostOneCommandPerPhase() {
    ClusterPlan plan = plan();
    ApplyReport fresh = executor().apply(plan);
    assertThat(fresh.host(HostId.of("master")).orElseThrow().servicesStarted())
        .containsExactly("etcd.service", "containerd.service", "kubelet.service");

    ApplyReport again = executor().apply(plan);

    assertThat(again.bytesSent()).isZero();
    assertThat(again.host(HostId.of("master")).orElseThrow().commandsRun()).isZero();
    assertThat(again.host(HostId.of("master")).orElseThrow().servicesStarted()).isEmpty();
    // inspections, service statuses and guards of all the host's phases (master: ETCD and NODES) together
    assertThat(transports.get(HostId.of("master")).commands).as("commands sent to master").hasSize(1);
    assertThat(transports.get(HostId.of("node")).commands).as("commands sent to node").hasSize(1);
  }

  @Test
  void aHostsFirstPhaseInspectsThePathsOfAllItsPhasesInOneInspection() {
    ClusterPlan plan = plan();
    executor().apply(plan);

    ApplyReport again = executor().apply(plan);

    assertThat(again.filesSkipped()).isEqualTo(7);
    assertThat(again.host(HostId.of("master")).orElseThrow().directoriesCreated()).isZero();
    List<String> asked = transports.get(HostId.of("master")).commands;
    assertThat(asked).hasSize(1);
    // the stat section of the batched inspection, once for ETCD's and NODES's paths together
    assertThat(asked.get(0).split("--kubestrap-stat--", -1)).as("inspections in the one command").hasSize(2);
    assertThat(asked.get(0)).contains("/var/lib/etcd", "/etc/containerd/config.toml");
  }

  @Test
  void aHostsFirstPhaseAsksTheStatusOfTheUnitsOfAllItsPhasesInOneStatusCommand() {
    ClusterPlan plan = plan();
    executor().apply(plan);

    ApplyReport again = executor().apply(plan);

    assertThat(again.host(HostId.of("master")).orElseThrow().servicesStarted()).isEmpty();
    List<String> asked = transports.get(HostId.of("master")).commands;
    assertThat(asked).hasSize(1);
    // the stand-in's status script, once for ETCD's and NODES's units together
    assertThat(asked.get(0).split("units/\\$u", -1)).as("status commands in the one command").hasSize(3);
    assertThat(asked.get(0)).contains("etcd.service containerd.service kubelet.service");
  }

  @Test
  void aLaterPhaseAsksItsGuardsAgainWhenAnotherHostChangedMeanwhile() throws IOException {
    // The node asks its NODES guard in its first phase (PKI); the master's ETCD phase then makes the guard pass (its
    // command writes what the guard looks for), so the node must ask again rather than run its command.
    Path marker = root("master").resolve("member-formed");
    ClusterPlan plan = ClusterPlan.builder("lab")
        .add(Phase.PKI, HostId.of("node"), PutFile.text("/etc/kubernetes/ca.pem", "ca\n", FileMode.of(0644)))
        .add(Phase.ETCD, HostId.of("master"),
            RunCommand.builder("form member").shell("touch member-formed").unless("test", "-e", "member-formed").build())
        .add(Phase.NODES, HostId.of("node"),
            RunCommand.builder("join").shell("touch joined-alone").unless("test", "-e", marker.toString()).build(),
            RunCommand.builder("other").shell("true").unless("test", "-e", "nothing-here").build())
        .build();
    PlanExecutor executor = executor();
    executor.apply(ClusterPlan.builder("lab")
        .add(Phase.PKI, HostId.of("node"), PutFile.text("/etc/kubernetes/ca.pem", "ca\n", FileMode.of(0644))).build());

    ApplyReport report = executor.apply(plan);

    assertThat(marker).exists();
    assertThat(root("node").resolve("joined-alone")).doesNotExist();
    assertThat(report.host(HostId.of("node")).orElseThrow().commandsRun()).isEqualTo(1);
  }

  @Test
  void aGuardWhoseAnswerAnEarlierPlacementOfThePhaseChangesIsAskedAgain() throws IOException {
    // The guard asks for the file the phase places just before it: asked up front it fails, after the placement it
    // passes, so the command must not run.
    ClusterPlan plan = ClusterPlan.builder("lab")
        .add(Phase.NODES, HostId.of("node"),
            PutFile.text("/etc/modules-load.d/kubestrap.conf", "overlay\n", FileMode.of(0644)),
            RunCommand.builder("load modules").shell("touch loaded-by-command")
                .unless("test", "-e", "etc/modules-load.d/kubestrap.conf").build(),
            RunCommand.builder("other").shell("true").unless("test", "-e", "nothing-here").build())
        .build();

    ApplyReport report = executor().apply(plan);

    assertThat(root("node").resolve("etc/modules-load.d/kubestrap.conf")).exists();
    assertThat(root("node").resolve("loaded-by-command")).doesNotExist();
    assertThat(report.host(HostId.of("node")).orElseThrow().commandsRun()).isEqualTo(1);
    assertThat(transports.get(HostId.of("node")).commands)
        .filteredOn(c -> c.equals("test -e etc/modules-load.d/kubestrap.conf")).as("the guard asked again").hasSize(1);
  }

  @Test
  void aServiceStartedEarlierInThePhaseIsNotStartedAgainFromTheUpFrontStatus() {
    // A command of the phase starts the unit before its service action: the status read up front (not running)
    // no longer holds, so the service action reads it again and leaves the unit alone.
    ClusterPlan plan = ClusterPlan.builder("lab")
        .add(Phase.NODES, HostId.of("node"),
            RunCommand.builder("start early").shell("mkdir -p units && echo 'active enabled' > units/kubelet.service")
                .unless("test", "-e", "units/kubelet.service").build(),
            RunCommand.builder("other").shell("true").unless("test", "-e", "nothing-here").build(),
            ServiceAction.builder("kubelet.service").build())
        .build();

    ApplyReport report = executor().apply(plan);

    assertThat(report.host(HostId.of("node")).orElseThrow().servicesStarted()).isEmpty();
  }

  /**
   * Test-only stand-in for systemd on a directory host: a unit's state is the file {@code units/<unit>} holding
   * "active enabled", read by one status command for all units as systemctl's is, written when started.
   */
  static final class UnitFiles implements ServiceManager {
    private static final String STATUS = "for u do if [ -f \"units/$u\" ]; then echo \"$u $(cat \"units/$u\")\"; "
        + "else echo \"$u inactive disabled\"; fi; done";

    @Override
    public Optional<Command> statusCommand(Collection<String> units) {
      return Optional.of(Command.script(STATUS, units.toArray(String[]::new)));
    }

    @Override
    public Map<String, ServiceStatus> status(Transport host, Collection<String> units) {
      Map<String, ServiceStatus> statuses = new LinkedHashMap<>();
      ExecResult result = host.run(statusCommand(units).orElseThrow());
      for (String line : result.stdout().split("\n")) {
        String[] f = line.split(" ");
        if (f.length == 3) {
          statuses.put(f[0], new ServiceStatus(f[1].equals("active"), f[2].equals("enabled")));
        }
      }
      return statuses;
    }

    @Override
    public void daemonReload(Transport host) {
      host.run(Command.of("true"));
    }

    @Override
    public void enable(Transport host, String unit, boolean now) {
      host.run(Command.script("mkdir -p units && echo \"$1\" > \"units/$2\"", now ? "active enabled" : "inactive enabled",
          unit));
    }

    @Override
    public void start(Transport host, String unit) {
      enable(host, unit, true);
    }

    @Override
    public void restart(Transport host, String unit) {
      host.run(Command.of("test", "-f", "units/" + unit));
    }

    @Override
    public List<String> journal(Transport host, String unit, int lines) {
      return List.of();
    }
  }
}
