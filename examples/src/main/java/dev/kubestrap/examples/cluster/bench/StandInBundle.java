package dev.kubestrap.examples.cluster.bench;

import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.DirectorySource;
import dev.kubestrap.spec.ClusterSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A release bundle of small stand-in programs (shell scripts that only sleep) under the official file names, for
 * the transfer/orchestration benchmark: the real Kubernetes binaries cannot be downloaded where it runs. Each file
 * is pinned with its own sha256; archives are packed by {@code tar}.
 */
final class StandInBundle {
  private StandInBundle() {}

  static DirectorySource create(Path dir, ClusterSpec spec) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String k8s = spec.kubernetesVersion().toString();
    DirectorySource source = BinarySource.directory(dir).cacheIn(dir.resolve("cache"));
    for (String program : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy")) {
      source = source.pin(program, k8s, Arch.AMD64, sha256(script(dir.resolve(program), program)));
    }
    source = source.pin("runc", spec.runcVersion().toString(), Arch.AMD64, sha256(script(dir.resolve("runc.amd64"), "runc")));
    String etcd = spec.etcdVersion().toString();
    source = source.pin("etcd", etcd, Arch.AMD64, sha256(archive(dir, "etcd-v" + etcd + "-linux-amd64.tar.gz",
        "etcd-v" + etcd + "-linux-amd64", List.of("etcd", "etcdctl", "etcdutl"))));
    String containerd = spec.containerdVersion().toString();
    source = source.pin("containerd", containerd, Arch.AMD64, sha256(archive(dir,
        "containerd-" + containerd + "-linux-amd64.tar.gz", "bin", List.of("containerd", "containerd-shim-runc-v2", "ctr"))));
    String crictl = spec.crictlVersion().toString();
    source = source.pin("crictl", crictl, Arch.AMD64, sha256(archive(dir, "crictl-v" + crictl + "-linux-amd64.tar.gz",
        ".", List.of("crictl"))));
    String cni = spec.cniPluginsVersion().toString();
    return source.pin("cni-plugins", cni, Arch.AMD64, sha256(archive(dir, "cni-plugins-linux-amd64-v" + cni + ".tgz",
        ".", List.of("bandwidth", "bridge", "firewall", "host-local", "loopback", "portmap", "tuning"))));
  }

  private static Path script(Path file, String name) throws IOException {
    Files.writeString(file, "#!/bin/sh\n# benchmark stand-in for " + name + "\nexec sleep infinity\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static Path archive(Path dir, String name, String folder, List<String> programs)
      throws IOException, InterruptedException {
    Path staging = Files.createTempDirectory(dir, "staging");
    Files.createDirectories(staging.resolve(folder));
    for (String program : programs) {
      script(staging.resolve(folder).resolve(program), program);
    }
    List<String> argv = new ArrayList<>(List.of("tar", "-czf", dir.resolve(name).toString(), "-C", staging.toString()));
    programs.forEach(p -> argv.add(folder.equals(".") ? p : folder + "/" + p));
    Process tar = new ProcessBuilder(argv).inheritIO().start();
    if (tar.waitFor() != 0) {
      throw new IOException("tar failed for " + name);
    }
    return dir.resolve(name);
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
