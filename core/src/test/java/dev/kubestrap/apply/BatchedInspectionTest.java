package dev.kubestrap.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.EnsureDirectory;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.PutFile;
import dev.kubestrap.plan.SamplePlans;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.local.LocalTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default inspection runs one real {@code sh}/{@code sha256sum}/{@code stat} command per host and
 * phase. An unrooted local transport with plan paths inside a temporary directory lets it run for real.
 */
class BatchedInspectionTest {
  @TempDir Path temp;
  final RecordingServiceManager systemd = new RecordingServiceManager();
  final List<RecordingTransport> opened = new ArrayList<>();

  private PlanExecutor executor() {
    return PlanExecutor.builder()
        .transports(host -> {
          RecordingTransport transport = new RecordingTransport(LocalTransport.create());
          opened.add(transport);
          return transport;
        })
        .serviceManager(systemd)
        .build();
  }

  private ClusterPlan plan() throws IOException {
    Path binary = Files.write(temp.resolve("etcd-bin"), "etcd".getBytes(StandardCharsets.UTF_8));
    return SamplePlans.withBinary(temp.resolve("host").toString(), binary).build("master");
  }

  @Test
  void anUpToDateHostCostsOneInspectionPerPhaseAndNoPut() throws IOException {
    ClusterPlan plan = plan();
    executor().apply(plan);
    opened.clear();

    ApplyReport again = executor().apply(plan);

    RecordingTransport master = opened.get(0);
    assertThat(again.bytesSent()).isZero();
    assertThat(master.puts).hasValue(0);
    // the 3 phases' inspections asked together at the first; etcd's health check reaches the host, so the nodes
    // phase inspects again; staging's look for missing programs (it finds them in place, hashes nothing and sends
    // nothing); plus 2 node-prep commands and 2 health checks
    assertThat(master.commands).filteredOn(c -> c.contains("sha256sum")).hasSize(2);
    assertThat(master.commands).filteredOn(c -> c.contains("printf")).hasSize(1);
    assertThat(master.roundTrips).hasValue(2 + 1 + 2 + 2);
  }

  @Test
  void theInspectionRemovesWhatInterruptedUploadsLeftBesideUpToDateFiles() throws IOException {
    ClusterPlan plan = plan();
    executor().apply(plan);
    Path pki = temp.resolve("host/etc/kubernetes/pki");
    Path strayKey = Files.writeString(pki.resolve(".node.key.kubestrap-tmp-0123456789abcdef"), "half a key");
    Path strayBinary = Files.writeString(temp.resolve("host/opt/etcd/bin/.etcd.kubestrap-tmp-fedcba9876543210"), "et");
    Path unrelated = Files.writeString(pki.resolve(".other.kubestrap-tmp-0123456789abcdef"), "not beside a planned path");
    opened.clear();

    ApplyReport again = executor().apply(plan);

    assertThat(again.bytesSent()).isZero();
    assertThat(strayKey).doesNotExist();
    assertThat(strayBinary).doesNotExist();
    assertThat(unrelated).exists();
    assertThat(opened.get(0).roundTrips).as("no extra round trip").hasValue(2 + 1 + 2 + 2);
  }

  @Test
  void strayRemovalOfARootedHostWorksInItsWorkingDirectory() throws IOException {
    Path root = Files.createDirectories(temp.resolve("rooted/etc/kubernetes"));
    Path stray = Files.writeString(root.resolve(".kubelet.conf.kubestrap-tmp-00"), "half");
    Path target = Files.writeString(root.resolve("kubelet.conf"), "whole");

    try (LocalTransport host = LocalTransport.rootedAt(temp.resolve("rooted"))) {
      RemoteInspection.batchedInWorkingDirectory().removeStrays(host, List.of("/etc/kubernetes/kubelet.conf",
          "/etc/missing/x.conf"));
    }

    assertThat(stray).doesNotExist();
    assertThat(target).hasContent("whole");
  }

  @Test
  void aModeChangedOnTheHostIsPutBackWithoutSendingContent() throws IOException {
    ClusterPlan plan = plan();
    executor().apply(plan);
    Path key = temp.resolve("host/etc/kubernetes/pki/node.key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    opened.clear();

    ApplyReport again = executor().apply(plan);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(again.bytesSent()).isZero();
    assertThat(again.servicesRestarted()).isEmpty();
  }

  @Test
  void inspectionSeesMissingFilesDirectoriesAndPathsWithSpaces() {
    String dir = temp.resolve("with space").toString();
    ClusterPlan plan = ClusterPlan.builder("lab")
        .add(Phase.NODES, HostId.of("a"), EnsureDirectory.of(dir, FileMode.of(0750)),
            PutFile.text(dir + "/a file", "x", FileMode.of(0640)))
        .build();
    ApplyReport first = executor().apply(plan);
    ApplyReport second = executor().apply(plan);

    assertThat(first.filesSent()).isEqualTo(1);
    assertThat(first.host(HostId.of("a")).orElseThrow().directoriesCreated()).isEqualTo(1);
    assertThat(second.filesSent()).isZero();
    assertThat(second.filesSkipped()).isEqualTo(1);
    assertThat(opened.get(1).roundTrips).hasValue(1);
  }
}
