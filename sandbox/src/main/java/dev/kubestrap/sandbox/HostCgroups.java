package dev.kubestrap.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cgroups of one sandbox host: a child named after the machine beneath this process's own
 * cgroup, in every hierarchy this process belongs to (each cgroup v1 controller, the named systemd
 * hierarchy and the unified one). nspawn is started inside them, so everything the host runs —
 * its systemd, kubelet's {@code kubepods}, the containers — stays beneath cgroups the sandbox
 * created, and nspawn's own {@code payload}/{@code supervisor} cgroups land there instead of at a
 * hierarchy's root. No cgroup the sandbox did not create is changed, and no hierarchy is remounted.
 */
final class HostCgroups {
  private static final Path PROC_SELF_CGROUP = Path.of("/proc/self/cgroup");
  private static final Path PROC_SELF_MOUNTINFO = Path.of("/proc/self/mountinfo");

  private final List<Path> directories;

  HostCgroups(List<Path> directories) {
    this.directories = List.copyOf(directories);
  }

  /** Where the cgroups of a host called {@code name} go, one per hierarchy; nothing is created. */
  static HostCgroups forHost(String name) {
    try {
      return forHost(name, Files.readAllLines(PROC_SELF_CGROUP, StandardCharsets.UTF_8),
          Files.readAllLines(PROC_SELF_MOUNTINFO, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SandboxException("reading this process's cgroups failed: " + e.getMessage(), e);
    }
  }

  static HostCgroups forHost(String name, List<String> procSelfCgroup, List<String> mountInfo) {
    List<Path> directories = new ArrayList<>();
    for (String line : procSelfCgroup) {
      String[] fields = line.split(":", 3);
      if (fields.length != 3) {
        continue;
      }
      Optional<Path> mount = mountPoint(fields[1], mountInfo);
      if (mount.isPresent()) {
        String own = fields[2].startsWith("/") ? fields[2].substring(1) : fields[2];
        directories.add(mount.get().resolve(own).resolve(name));
      }
    }
    return new HostCgroups(directories);
  }

  /**
   * The mount point of a hierarchy as {@code /proc/self/cgroup} names it: {@code ""} is cgroup v2,
   * anything else the comma-separated controllers (or {@code name=...}) of a v1 hierarchy.
   */
  private static Optional<Path> mountPoint(String controllers, List<String> mountInfo) {
    for (String line : mountInfo) {
      int separator = line.indexOf(" - ");
      if (separator < 0) {
        continue;
      }
      String[] before = line.substring(0, separator).split(" ");
      String[] after = line.substring(separator + 3).split(" ");
      if (before.length < 5 || after.length < 3 || !before[3].equals("/")) {
        continue;
      }
      Path mount = Path.of(before[4].replace("\\040", " "));
      if (controllers.isEmpty() && after[0].equals("cgroup2")) {
        return Optional.of(mount);
      }
      if (!controllers.isEmpty() && after[0].equals("cgroup")
          && List.of(after[2].split(",")).containsAll(List.of(controllers.split(",")))) {
        return Optional.of(mount);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether resource controllers (memory, cpu, ...) sit on cgroup v1 hierarchies here, as
   * {@code /proc/self/cgroup} lists them: then the hosts see cgroup v1 as well.
   */
  static boolean controllersOnV1(List<String> procSelfCgroup) {
    return procSelfCgroup.stream().map(line -> line.split(":", 3))
        .anyMatch(fields -> fields.length == 3 && !fields[1].isEmpty() && !fields[1].startsWith("name="));
  }

  static boolean controllersOnV1() {
    try {
      return controllersOnV1(Files.readAllLines(PROC_SELF_CGROUP, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SandboxException("reading this process's cgroups failed: " + e.getMessage(), e);
    }
  }

  List<Path> directories() {
    return directories;
  }

  /** Creates the cgroups; a v1 cpuset child gets its parent's CPUs and memory nodes, as it starts empty. */
  void create() {
    for (Path directory : directories) {
      try {
        Files.createDirectories(directory);
        Path cpus = directory.resolve("cpuset.cpus");
        if (Files.exists(cpus) && Files.readString(cpus).isBlank()) {
          copy(directory.getParent().resolve("cpuset.cpus"), cpus);
          copy(directory.getParent().resolve("cpuset.mems"), directory.resolve("cpuset.mems"));
        }
      } catch (IOException e) {
        throw new SandboxException("creating cgroup " + directory + " failed: " + e.getMessage(), e);
      }
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.writeString(to, Files.readString(from, StandardCharsets.US_ASCII).strip() + "\n",
        StandardCharsets.US_ASCII);
  }

  /**
   * A command line that joins these cgroups and then runs {@code command} in them: a shell writes
   * its own process id into each {@code cgroup.procs} and {@code exec}s the command, so the
   * process id stays the command's.
   */
  List<String> wrap(List<String> command) {
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c",
        "while [ \"$1\" != -- ]; do echo $$ > \"$1/cgroup.procs\" || exit 125; shift; done; shift; exec \"$@\"",
        "kubestrap-sandbox-cgroups"));
    directories.forEach(directory -> argv.add(directory.toString()));
    argv.add("--");
    argv.addAll(command);
    return argv;
  }

  /**
   * Removes the cgroups, deepest first (a cgroup is removed with {@code rmdir}, and only once it
   * holds no process and no child). Returns the ones that could not be removed, with the reason.
   */
  List<String> remove() {
    List<String> failures = new ArrayList<>();
    for (Path directory : directories) {
      removeTree(directory, failures);
    }
    return failures;
  }

  private static void removeTree(Path directory, List<String> failures) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(directory, Files::isDirectory)) {
      for (Path child : children) {
        removeTree(child, failures);
      }
    } catch (IOException e) {
      failures.add(directory + ": " + e.getMessage());
      return;
    }
    try {
      Files.delete(directory);
    } catch (NoSuchFileException e) {
      // gone already
    } catch (IOException e) {
      failures.add(directory + ": " + e.getMessage());
    }
  }
}
