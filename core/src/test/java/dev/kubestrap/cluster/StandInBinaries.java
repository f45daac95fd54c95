package dev.kubestrap.cluster;

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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Test-only release bundle: every file a spec needs, under its published name, holding small shell scripts
 * instead of the real programs (which cannot be downloaded here). Archives are packed by the real {@code tar}.
 * Each file is pinned with its own sha256, as a user pins a private bundle.
 */
final class StandInBinaries {
  private StandInBinaries() {}

  static DirectorySource bundle(Path dir, ClusterSpec spec) throws Exception {
    Files.createDirectories(dir);
    String k8s = spec.kubernetesVersion().toString();
    DirectorySource source = BinarySource.directory(dir).cacheIn(dir.resolve("cache"));
    for (String program : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy")) {
      source = source.pin(program, k8s, Arch.AMD64, sha256(script(dir.resolve(program), program)));
    }
    source = source.pin("runc", spec.runcVersion().toString(), Arch.AMD64,
        sha256(script(dir.resolve("runc.amd64"), "runc")));
    String etcd = spec.etcdVersion().toString();
    source = source.pin("etcd", etcd, Arch.AMD64, sha256(tar(dir, "etcd-v" + etcd + "-linux-amd64.tar.gz",
        "etcd-v" + etcd + "-linux-amd64", List.of("etcd", "etcdctl", "etcdutl"))));
    String containerd = spec.containerdVersion().toString();
    source = source.pin("containerd", containerd, Arch.AMD64, sha256(tar(dir, "containerd-" + containerd
        + "-linux-amd64.tar.gz", "bin", List.of("containerd", "containerd-shim-runc-v2", "ctr"))));
    String crictl = spec.crictlVersion().toString();
    source = source.pin("crictl", crictl, Arch.AMD64, sha256(tar(dir, "crictl-v" + crictl + "-linux-amd64.tar.gz",
        ".", List.of("crictl"))));
    String cni = spec.cniPluginsVersion().toString();
    source = source.pin("cni-plugins", cni, Arch.AMD64, sha256(tar(dir, "cni-plugins-linux-amd64-v" + cni + ".tgz",
        ".", List.of("bandwidth", "bridge", "firewall", "host-local", "loopback", "portmap", "tuning"))));
    return source;
  }

  private static Path script(Path file, String name) throws IOException {
    Files.writeString(file, "#!/bin/sh\n# test stand-in for " + name + "\nexec sleep infinity\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static Path tar(Path dir, String archive, String folder, List<String> programs) throws Exception {
    Path staging = Files.createTempDirectory(dir, "staging");
    Path inner = staging.resolve(folder);
    Files.createDirectories(inner);
    for (String program : programs) {
      script(inner.resolve(program), program);
    }
    List<String> argv = new ArrayList<>(List.of("tar", "-czf", dir.resolve(archive).toString(), "-C", staging.toString()));
    programs.forEach(p -> argv.add(folder.equals(".") ? p : folder + "/" + p));
    Process tar = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (tar.waitFor() != 0) {
      throw new IllegalStateException("tar failed: " + output);
    }
    return dir.resolve(archive);
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
