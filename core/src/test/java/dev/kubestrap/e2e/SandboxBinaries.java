package dev.kubestrap.e2e;

import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.DirectorySource;
import dev.kubestrap.component.Containerd;
import dev.kubestrap.standin.StandInMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The release directory the end-to-end test installs from ({@link BinarySource#directory(Path)}), built in a
 * temporary directory:
 *
 * <ul>
 *   <li>the five Kubernetes programs: either official binaries copied from {@code KUBESTRAP_OFFICIAL_BINARIES}
 *       (checked against kubestrap's pinned sha256 for the version), or shell wrappers, named like the programs,
 *       that {@code exec} this JDK with the stand-in ({@link StandInMain});
 *   <li>etcd, containerd and runc: this machine's Debian programs (the same Debian release as the hosts), packed
 *       under the published archive names and layouts;
 *   <li>crictl and the CNI plugins: placeholder scripts that fail with a message, since no pod is ever run.
 * </ul>
 *
 * @param source the directory source, every non-official file pinned to its own sha256
 * @param officialKubernetes whether the Kubernetes programs are the official ones
 * @param etcdVersion the Debian etcd's version
 * @param containerdVersion the Debian containerd's version
 * @param runcVersion the Debian runc's version
 * @param directory the release directory
 * @param pins every pin of {@code source}, as {@code "<component> <version> <sha256>"}, for another JVM to
 *     {@link #reopen} the directory with
 */
record SandboxBinaries(DirectorySource source, boolean officialKubernetes, String etcdVersion,
    String containerdVersion, String runcVersion, Path directory, List<String> pins) {

  /** The environment variable naming a directory of official Kubernetes server binaries. */
  static final String OFFICIAL_VARIABLE = "KUBESTRAP_OFFICIAL_BINARIES";
  static final List<String> KUBERNETES_PROGRAMS =
      List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy");

  static SandboxBinaries build(Path dir, String kubernetesVersion, String crictlVersion, String cniVersion,
      GuestJava java) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String official = System.getenv(OFFICIAL_VARIABLE);
    List<String> pins = new ArrayList<>();
    DirectorySource source = BinarySource.directory(dir).cacheIn(dir.resolve(".unpacked"));
    for (String program : KUBERNETES_PROGRAMS) {
      if (official != null && !official.isBlank()) {
        Files.copy(Path.of(official, program), dir.resolve(program), StandardCopyOption.REPLACE_EXISTING);
      } else {
        Path wrapper = executable(dir.resolve(program), wrapper(program, kubernetesVersion, java));
        source = pin(source, pins, program, kubernetesVersion, sha256(wrapper));
      }
    }
    String etcd = debianVersion("etcd", "--version");
    String containerd = debianVersion("containerd", "--version");
    String runc = debianVersion("runc", "--version");
    String etcdDir = "etcd-v" + etcd + "-linux-amd64";
    source = pin(source, pins, "etcd", etcd, sha256(tar(dir, etcdDir + ".tar.gz", etcdDir,
        Map.of("etcd", which("etcd"), "etcdctl", which("etcdctl")))));
    source = pin(source, pins, "containerd", containerd, sha256(tar(dir,
        "containerd-" + containerd + "-linux-amd64.tar.gz", "bin", Map.of("containerd", which("containerd"),
            "containerd-shim-runc-v2", which("containerd-shim-runc-v2"), "ctr", which("ctr")))));
    Path runcFile = dir.resolve("runc.amd64");
    Files.copy(which("runc"), runcFile, StandardCopyOption.REPLACE_EXISTING);
    source = pin(source, pins, "runc", runc, sha256(runcFile));
    Path placeholders = Files.createDirectories(dir.resolve(".placeholders"));
    Path crictl = executable(placeholders.resolve("crictl"), placeholder("crictl"));
    source = pin(source, pins, "crictl", crictlVersion, sha256(tar(dir,
        "crictl-v" + crictlVersion + "-linux-amd64.tar.gz", ".", Map.of("crictl", crictl))));
    Map<String, Path> plugins = new TreeMap<>();
    for (String plugin : Containerd.CNI_PLUGINS) {
      plugins.put(plugin, executable(placeholders.resolve(plugin), placeholder("CNI plugin " + plugin)));
    }
    source = pin(source, pins, "cni-plugins", cniVersion, sha256(tar(dir,
        "cni-plugins-linux-amd64-v" + cniVersion + ".tgz", ".", plugins)));
    return new SandboxBinaries(source, official != null && !official.isBlank(), etcd, containerd, runc, dir,
        List.copyOf(pins));
  }

  /** The source of a release directory built by {@link #build}, with the pins it recorded. */
  static DirectorySource reopen(Path dir, List<String> pins) {
    DirectorySource source = BinarySource.directory(dir).cacheIn(dir.resolve(".unpacked"));
    for (String pin : pins) {
      String[] fields = pin.split(" ");
      source = source.pin(fields[0], fields[1], Arch.AMD64, fields[2]);
    }
    return source;
  }

  private static DirectorySource pin(DirectorySource source, List<String> pins, String component, String version,
      String sha256) {
    pins.add(component + " " + version + " " + sha256);
    return source.pin(component, version, Arch.AMD64, sha256);
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String wrapper(String program, String kubernetesVersion, GuestJava java) {
    return "#!/bin/sh\n"
        + "# kubestrap TEST STAND-IN for " + program + " (not the official program): see docs/end-to-end.md\n"
        + "exec '" + java.java() + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xmx128m"
        + " -D" + StandInMain.VERSION_PROPERTY + "=v" + kubernetesVersion
        + " -cp '" + java.classpathArgument() + "' " + StandInMain.class.getName() + " " + program + " \"$@\"\n";
  }

  private static String placeholder(String name) {
    return "#!/bin/sh\necho '" + name + ": kubestrap test placeholder, the real program is not available offline' >&2\n"
        + "exit 1\n";
  }

  private static Path executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /** A tar.gz of {@code files} (name in the archive → file here) under {@code folder}, made by the real tar. */
  private static Path tar(Path dir, String archive, String folder, Map<String, Path> files)
      throws IOException, InterruptedException {
    Path staging = Files.createTempDirectory(dir, ".staging");
    Path inner = Files.createDirectories(staging.resolve(folder));
    List<String> argv = new ArrayList<>(List.of("tar", "-czf", dir.resolve(archive).toString(), "-C",
        staging.toString()));
    for (Map.Entry<String, Path> file : files.entrySet()) {
      Files.copy(file.getValue(), inner.resolve(file.getKey()), StandardCopyOption.REPLACE_EXISTING);
      argv.add(folder.equals(".") ? "./" + file.getKey() : folder + "/" + file.getKey());
    }
    run(argv);
    return dir.resolve(archive);
  }

  private static Path which(String program) throws IOException, InterruptedException {
    return Path.of(run(List.of("sh", "-c", "command -v " + program)).strip());
  }

  /** {@code 3.4.23} from {@code etcd Version: 3.4.23}, {@code 1.6.20} from {@code 1.6.20~ds1}. */
  private static String debianVersion(String program, String flag) throws IOException, InterruptedException {
    String output = run(List.of(which(program).toString(), flag));
    var matcher = java.util.regex.Pattern.compile("(\\d+\\.\\d+\\.\\d+)").matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException(program + " " + flag + " printed no version: " + output);
    }
    return matcher.group(1);
  }

  private static String run(List<String> argv) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " failed: " + output);
    }
    return output;
  }
}
