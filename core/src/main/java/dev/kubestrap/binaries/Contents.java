package dev.kubestrap.binaries;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which programs a release file yields. Bare binaries are the program; archives are searched for
 * named members: etcd and etcdctl from the etcd tarball, everything in {@code bin/} of containerd's,
 * crictl and nerdctl from theirs, every executable at the top of the CNI plugins tarball, the four
 * server programs from {@code kubernetes/server/bin/} of the Kubernetes server tarball.
 */
sealed interface Contents {
  /** The file itself is the program, installed as {@code name}. */
  record Bare(String name) implements Contents {
    @Override
    public boolean wants(String parent, String fileName, boolean executable) {
      return false;
    }
  }

  /**
   * Regular members whose file name is one of {@code names} (all required) or of {@code optional}, at any depth up
   * to one directory.
   */
  record Named(Set<String> names, Set<String> optional) implements Contents {
    Named(Set<String> names) {
      this(names, Set.of());
    }

    @Override
    public boolean wants(String parent, String fileName, boolean executable) {
      return (names.contains(fileName) || optional.contains(fileName)) && !parent.contains("/");
    }
  }

  /** The regular members {@code directory/<name>} for each of {@code names}, all required. */
  record Members(String directory, Set<String> names) implements Contents {
    @Override
    public boolean wants(String parent, String fileName, boolean executable) {
      return parent.equals(directory) && names.contains(fileName);
    }

    @Override
    public List<String> required() {
      return names.stream().sorted().toList();
    }
  }

  /** Every regular member directly inside {@code directory} (e.g. {@code bin}). */
  record Directory(String directory) implements Contents {
    @Override
    public boolean wants(String parent, String fileName, boolean executable) {
      return parent.equals(directory);
    }
  }

  /** Every regular member at the top of the archive with an executable bit. */
  record TopLevelExecutables() implements Contents {
    @Override
    public boolean wants(String parent, String fileName, boolean executable) {
      return parent.isEmpty() && executable;
    }
  }

  Map<String, Contents> BY_COMPONENT = Map.ofEntries(
      Map.entry("kubelet", new Bare("kubelet")),
      Map.entry("kubectl", new Bare("kubectl")),
      Map.entry("kubeadm", new Bare("kubeadm")),
      Map.entry("kube-apiserver", new Bare("kube-apiserver")),
      Map.entry("kube-controller-manager", new Bare("kube-controller-manager")),
      Map.entry("kube-scheduler", new Bare("kube-scheduler")),
      Map.entry("kube-proxy", new Bare("kube-proxy")),
      Map.entry("runc", new Bare("runc")),
      // etcdutl, which restores snapshots, ships from 3.5 on
      Map.entry("etcd", new Named(Set.of("etcd", "etcdctl"), Set.of("etcdutl"))),
      Map.entry("containerd", new Directory("bin")),
      Map.entry("containerd-static", new Directory("bin")),
      Map.entry("crictl", new Named(Set.of("crictl"))),
      Map.entry("nerdctl", new Named(Set.of("nerdctl"))),
      Map.entry("cni-plugins", new TopLevelExecutables()),
      Map.entry("kubernetes-server", new Members("kubernetes/server/bin",
          Set.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy"))),
      Map.entry("kubernetes-node", new Members("kubernetes/node/bin", Set.of("kubelet", "kube-proxy", "kubeadm"))));

  /**
   * The programs the official server tarball also delivers, when the bare binary has no pin: the tarball's
   * release-notes sha512 vouches for them.
   */
  Map<String, String> BUNDLED_IN = Map.of(
      "kube-apiserver", "kubernetes-server",
      "kube-controller-manager", "kubernetes-server",
      "kube-scheduler", "kubernetes-server",
      "kube-proxy", "kubernetes-server");

  static Contents of(String component) {
    Contents contents = BY_COMPONENT.get(component);
    if (contents == null) {
      throw new IllegalArgumentException("component must be one of " + BY_COMPONENT.keySet() + ": '" + component + "'");
    }
    return contents;
  }

  /** Whether the archive member {@code parent/fileName} is one of the programs. */
  boolean wants(String parent, String fileName, boolean executable);

  /** The install name for an archive member, or null when the member is not wanted. */
  default String select(String memberPath, boolean executable) {
    String path = memberPath.startsWith("./") ? memberPath.substring(2) : memberPath;
    int slash = path.lastIndexOf('/');
    String fileName = path.substring(slash + 1);
    String parent = slash < 0 ? "" : path.substring(0, slash);
    if (fileName.isEmpty() || fileName.equals(".") || fileName.equals("..")) {
      return null;
    }
    return wants(parent, fileName, executable) ? fileName : null;
  }

  /** The selection in words that do not vary between runs (sets sorted), to tell two selections apart. */
  default String selection() {
    if (this instanceof Named named) {
      return "named " + new TreeSet<>(named.names()) + " optional " + new TreeSet<>(named.optional());
    }
    if (this instanceof Members members) {
      return "members " + members.directory() + " " + new TreeSet<>(members.names());
    }
    return toString();   // Bare, Directory and TopLevelExecutables hold no sets
  }

  /** Names that must have been found; empty when any non-empty selection will do. */
  default List<String> required() {
    return this instanceof Named named ? named.names().stream().sorted().toList() : List.of();
  }
}
