package dev.kubestrap.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.sandbox.SandboxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's own prerequisites, read below a machine root laid out by the test. */
class ClusterPreconditionsTest {
  @TempDir Path root;

  @Test
  void aBareMachineListsEveryMissingPrerequisiteAtOnce() {
    SandboxClusterSpec spec = SandboxClusterSpec.builder().programs(root.resolve("programs"))
        .images(root.resolve("images")).build();

    assertThat(new ClusterPreconditions(root).check(spec)).containsExactly(
        "the kernel has no overlay file system (containerd's snapshotter and the hosts' roots need it: modprobe"
            + " overlay)",
        "kernel module br_netfilter is not loaded (kube-proxy's rules must see bridged pod traffic: modprobe"
            + " br_netfilter)",
        "kernel module vxlan is not loaded (Flannel's default backend: modprobe vxlan)",
        "kernel module nf_conntrack is not loaded (kube-proxy's NAT: modprobe nf_conntrack)",
        "programs directory " + root.resolve("programs") + " does not exist (build the programs from source with"
            + " 'bash programs/build.sh', or name a directory of official release files)",
        "images directory " + root.resolve("images") + " does not exist");
  }

  @Test
  void aReadyMachineHasNoProblemAndVxlanMattersOnlyForTheDefaultAddons() throws Exception {
    Files.createDirectories(root.resolve("proc/sys/net/bridge"));
    Files.writeString(root.resolve("proc/filesystems"), "nodev\tproc\nnodev\toverlay\n");
    Files.writeString(root.resolve("proc/sys/net/bridge/bridge-nf-call-iptables"), "1\n");
    Files.createDirectories(root.resolve("sys/module/nf_conntrack"));
    Files.createDirectories(root.resolve("programs"));
    Files.writeString(root.resolve("programs/kubelet"), "");

    assertThat(new ClusterPreconditions(root).check(SandboxClusterSpec.builder().programs(root.resolve("programs"))
        .addons().build())).isEmpty();
    assertThat(new ClusterPreconditions(root).check(SandboxClusterSpec.defaults()))
        .containsExactly("kernel module vxlan is not loaded (Flannel's default backend: modprobe vxlan)");
  }

  @Test
  void badSpecValuesNameTheFieldAndTheValue() {
    assertThatThrownBy(() -> SandboxClusterSpec.builder().controlPlanes(0).build())
        .isInstanceOf(SandboxException.class).hasMessage("controlPlanes must be 1 to 5: 0");
    assertThatThrownBy(() -> SandboxClusterSpec.builder().name("My_Cluster").build())
        .hasMessage("name must be a lowercase DNS label of at most 32 characters: 'My_Cluster'");
    assertThatThrownBy(() -> SandboxClusterSpec.builder().workers(-1).build())
        .hasMessage("workers must be 0 or more, at most 20 hosts in all: -1");
  }

  @Test
  void hostNamesAreLikeKinds() {
    assertThat(SandboxClusterSpec.defaults().hostNames()).containsExactly("control-plane", "worker1", "worker2");
    assertThat(SandboxClusterSpec.builder().controlPlanes(3).workers(0).build().hostNames())
        .containsExactly("control-plane1", "control-plane2", "control-plane3");
  }
}
