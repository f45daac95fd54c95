package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.component.ComponentInstall;
import dev.kubestrap.component.Components;
import dev.kubestrap.component.RequiredBinary;
import dev.kubestrap.plan.BinaryOrigin;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry run's summary says, for every program, which pinned digest vouches for it, and warns about the rest. */
class DryRunPinsTest {
  @TempDir
  Path tmp;

  private ClusterPlan dryRun(ClusterBuilder builder) {
    try (Cluster cluster = builder.stateDir(tmp.resolve("state")).dryRunBinaries().build()) {
      return cluster.plan();
    }
  }

  @Test
  void everyProgramOfTheDefaultVersionsPlanShowsAPinnedDigestInTheSummary() throws Exception {
    ClusterSpec spec = ClusterSpec.seedDefault();
    ClusterPlan plan = dryRun(ClusterBuilder.fromSpec(spec));
    plan.writeTo(tmp.resolve("out"));
    String summary = Files.readString(tmp.resolve("out/SUMMARY.md"));

    Set<String> programs = new TreeSet<>();
    var secrets = new dev.kubestrap.cluster.internal.LocalState(tmp.resolve("state")).ensure(spec);
    for (HostSpec host : spec.hosts()) {
      for (ComponentInstall install : Components.install(spec, host, secrets)) {
        install.binaries().stream().map(RequiredBinary::entry).forEach(programs::add);
      }
    }
    assertThat(programs).contains("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy",
        "kubelet", "etcd", "etcdctl", "containerd", "runc", "crictl", "bridge");
    assertThat(plan.origins()).extracting(BinaryOrigin::program).containsExactlyInAnyOrderElementsOf(programs);
    assertThat(plan.origins()).allSatisfy(o -> assertThat(o.pinned()).as(o.describe()).isTrue());
    assertThat(plan.warnings()).isEmpty();
    assertThat(summary).doesNotContain("## Warnings", "NOT PINNED").contains(
        "kube-apiserver 1.36.0  from kubernetes-server-linux-amd64.tar.gz  sha512:1c64da92575451c2c7ff97c79b772e603995f8e"
            + "76da1371a6b0746aaa27b65dce81c4d734cbb50f40e71486a8e08df36f14e12974f97d4d29e41f23a172a6a25  pinned by "
            + "Kubernetes release notes CHANGELOG-1.36.md",
        "kubelet 1.36.0  from kubelet  sha256:d857082946c28493e8fdc52227feabd962e0e0900b6c6e4f6510168043b79dd4  "
            + "pinned by kubespray checksums.yml",
        "etcdctl 3.6.14  from etcd-v3.6.14-linux-amd64.tar.gz  sha256:");
    for (String program : programs) {
      assertThat(summary).as(program).containsPattern("(?m)^    " + program + " \\S+  from \\S+  sha(256|512):[0-9a-f]+"
          + "  pinned by ");
    }
  }

  @Test
  void aVersionNothingPinsIsWarnedAboutAtTheTopOfTheSummary() {
    ClusterPlan plan = dryRun(ClusterBuilder.fromSpec(ClusterSpec.seedBuilder().kubernetesVersion("1.36.4").build()));

    assertThat(plan.warnings()).containsExactly(
        "kube-apiserver 1.36.4 is not pinned: nothing pins this version; apply refuses it unless it is pinned or "
            + "allowUnpinned() is set",
        "kube-controller-manager 1.36.4 is not pinned: nothing pins this version; apply refuses it unless it is "
            + "pinned or allowUnpinned() is set",
        "kube-scheduler 1.36.4 is not pinned: nothing pins this version; apply refuses it unless it is pinned or "
            + "allowUnpinned() is set",
        "kube-proxy 1.36.4 is not pinned: nothing pins this version; apply refuses it unless it is pinned or "
            + "allowUnpinned() is set");
    assertThat(plan.summary().indexOf("## Warnings")).isLessThan(plan.summary().indexOf("## Phase"));
  }

  @Test
  void aCallersPinOrOptOutIsWhatTheSummaryShows() {
    String sha512 = "ab".repeat(64);
    ClusterPlan pinned = dryRun(ClusterBuilder.fromSpec(ClusterSpec.seedBuilder().kubernetesVersion("1.36.4").build())
        .binaries(BinarySource.official().pin("kubernetes-server", "1.36.4", dev.kubestrap.binaries.Arch.AMD64,
            "sha512:" + sha512))
        .dryRunBinaries());
    ClusterPlan optedOut = dryRun(ClusterBuilder.fromSpec(ClusterSpec.seedBuilder().kubernetesVersion("1.36.4").build())
        .binaries(BinarySource.official().allowUnpinned())
        .dryRunBinaries());

    assertThat(pinned.warnings()).isEmpty();
    assertThat(pinned.summary()).contains("kube-scheduler 1.36.4  from kubernetes-server-linux-amd64.tar.gz  sha512:"
        + sha512 + "  pinned by pin() by the caller");
    assertThat(optedOut.warnings()).contains(
        "kube-apiserver 1.36.4 is not pinned: downloaded unchecked (allowUnpinned)");
  }
}
