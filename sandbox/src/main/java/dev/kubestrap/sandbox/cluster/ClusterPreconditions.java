package dev.kubestrap.sandbox.cluster;

import dev.kubestrap.binaries.BuildManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a cluster on sandbox hosts needs beyond the sandbox itself: the kernel features its containers and its
 * network use (the hosts share this machine's kernel and cannot load modules), and the directories the spec names.
 * Read below a root directory, so tests can lay out a machine of their own.
 */
final class ClusterPreconditions {
  private final Path root;

  ClusterPreconditions(Path root) {
    this.root = root;
  }

  /** Every missing prerequisite, each a sentence that says how to get it; empty when the cluster can start. */
  List<String> check(SandboxClusterSpec spec) {
    List<String> problems = new ArrayList<>();
    if (!filesystems().contains("overlay")) {
      problems.add("the kernel has no overlay file system (containerd's snapshotter and the hosts' roots need it:"
          + " modprobe overlay)");
    }
    if (!Files.exists(root.resolve("proc/sys/net/bridge/bridge-nf-call-iptables"))) {
      problems.add("kernel module br_netfilter is not loaded (kube-proxy's rules must see bridged pod traffic:"
          + " modprobe br_netfilter)");
    }
    if (!Files.isDirectory(root.resolve("sys/module/vxlan")) && spec.addons().isEmpty()) {
      problems.add("kernel module vxlan is not loaded (Flannel's default backend: modprobe vxlan)");
    }
    if (!Files.isDirectory(root.resolve("sys/module/nf_conntrack"))) {
      problems.add("kernel module nf_conntrack is not loaded (kube-proxy's NAT: modprobe nf_conntrack)");
    }
    spec.programs().ifPresent(dir -> {
      if (!Files.isDirectory(dir)) {
        problems.add("programs directory " + dir + " does not exist (build the programs from source with"
            + " 'bash programs/build.sh', or name a directory of official release files)");
      } else if (BuildManifest.in(dir).isEmpty() && !Files.exists(dir.resolve("kubelet"))) {
        problems.add("programs directory " + dir + " has neither " + BuildManifest.FILE_NAME
            + " nor a kubelet: not a directory of programs");
      }
    });
    spec.images().filter(dir -> !Files.isDirectory(dir)).ifPresent(dir ->
        problems.add("images directory " + dir + " does not exist"));
    return problems;
  }

  private String filesystems() {
    try {
      return Files.readString(root.resolve("proc/filesystems"));
    } catch (IOException e) {
      return "";
    }
  }
}
