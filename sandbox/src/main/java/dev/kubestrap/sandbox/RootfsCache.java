package dev.kubestrap.sandbox;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base root filesystem, made once with {@code debootstrap} and kept under
 * {@code <cacheDir>/<suite>-<hash>}, where the hash covers the package list and this recipe's
 * version. It is built in a temporary directory next to it and renamed into place, so a crashed
 * build never leaves a half cache; a lock file serializes builders of the same cache.
 */
final class RootfsCache {
  /** What every sandbox host needs: an init, a bus, an SSH server, the ip tool, CA roots and iptables (kube-proxy). */
  static final List<String> BASE_PACKAGES =
      List.of("systemd", "dbus", "openssh-server", "iproute2", "ca-certificates", "iptables");
  /** Bumped whenever the steps after debootstrap change, so that old caches are not reused. */
  private static final String RECIPE_VERSION = "kubestrap-rootfs-4";
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
  private static final Map<Path, Object> BUILD_LOCKS = new ConcurrentHashMap<>();
  private static final Logger LOG = LoggerFactory.getLogger(RootfsCache.class);

  private final Path cacheDir;
  private final String suite;
  private final SortedSet<String> extraPackages;

  RootfsCache(Path cacheDir, String suite, List<String> extraPackages) {
    this.cacheDir = cacheDir;
    this.suite = suite;
    this.extraPackages = new TreeSet<>(extraPackages);
    this.extraPackages.removeAll(BASE_PACKAGES);
  }

  String suite() {
    return suite;
  }

  /** Where the finished root filesystem is (or will be). */
  Path directory() {
    return cacheDir.resolve(suite + "-" + hash());
  }

  boolean isBuilt() {
    return Files.isDirectory(directory().resolve("etc"));
  }

  /** Every package debootstrap is asked to include, sorted. */
  List<String> packages() {
    SortedSet<String> all = new TreeSet<>(BASE_PACKAGES);
    all.addAll(extraPackages);
    return List.copyOf(all);
  }

  /** The exact debootstrap command line for a build into {@code target}. */
  List<String> debootstrapCommand(String debootstrap, Path target, URI mirror,
      Optional<Path> keyring) {
    List<String> argv = new ArrayList<>(List.of(debootstrap, "--variant=minbase",
        "--include=" + String.join(",", packages())));
    keyring.ifPresent(path -> argv.add("--keyring=" + path));
    argv.addAll(List.of(suite, target.toString(), mirror.toString()));
    return argv;
  }

  /** Returns the cached root filesystem, building it first if it is missing. */
  Path ensureBuilt(String debootstrap, String systemctl, URI mirror, Optional<Path> keyring) {
    Path finished = directory();
    if (isBuilt()) {
      return finished;
    }
    synchronized (BUILD_LOCKS.computeIfAbsent(finished, key -> new Object())) {
      try {
        Files.createDirectories(cacheDir);
        try (FileChannel channel = FileChannel.open(cacheDir.resolve(finished.getFileName() + ".lock"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          channel.lock(); // released when the channel closes
          if (isBuilt()) {
            return finished;
          }
          deleteAbandonedBuilds();
          build(debootstrap, systemctl, mirror, keyring);
          return finished;
        }
      } catch (IOException e) {
        throw new SandboxException("building the root filesystem in " + finished + " failed: "
            + e.getMessage(), e);
      }
    }
  }

  private void build(String debootstrap, String systemctl, URI mirror, Optional<Path> keyring)
      throws IOException {
    Path finished = directory();
    Path temporary = cacheDir.resolve(temporaryPrefix() + UUID.randomUUID());
    List<String> argv = debootstrapCommand(debootstrap, temporary, mirror, keyring);
    LOG.info("building sandbox root filesystem {}: {}", finished, String.join(" ", argv));
    long started = System.nanoTime();
    LocalCommand.Result result = LocalCommand.run(BUILD_TIMEOUT, argv);
    Path log = cacheDir.resolve(finished.getFileName() + ".debootstrap.log");
    Files.writeString(log, result.stdout() + result.stderr(), StandardCharsets.UTF_8);
    if (!result.ok()) {
      Files.deleteIfExists(log);
      FileTrees.deleteRecursively(temporary);
      throw new SandboxException("debootstrap of " + suite + " from " + mirror + " failed: exit code "
          + result.exitCode() + ": " + LocalCommand.tail(result.stdout() + result.stderr(), 3000));
    }
    neutralize(temporary, systemctl);
    Files.move(temporary, finished, StandardCopyOption.ATOMIC_MOVE);
    LOG.info("sandbox root filesystem {} built in {} s", finished,
        Duration.ofNanos(System.nanoTime() - started).toSeconds());
  }

  /**
   * Removes what must differ per host (SSH host keys, machine id) and apt's caches, enables
   * systemd-networkd, and disables the services the caller's packages enabled, so that hosts start
   * blank and the caller decides what runs.
   */
  private void neutralize(Path root, String systemctl) throws IOException {
    try (DirectoryStream<Path> keys = Files.newDirectoryStream(root.resolve("etc/ssh"),
        "ssh_host_*")) {
      for (Path key : keys) {
        Files.delete(key);
      }
    }
    Files.writeString(root.resolve("etc/machine-id"), "");
    Files.deleteIfExists(root.resolve("var/lib/dbus/machine-id"));
    deleteMatching(root.resolve("var/cache/apt"), "*.bin");
    deleteMatching(root.resolve("var/cache/apt/archives"), "*.deb");
    // The hosts have no route to a mirror; package lists would only make every copy larger.
    deleteMatching(root.resolve("var/lib/apt/lists"), "*_*");
    LocalCommand.run(Duration.ofMinutes(1),
        List.of(systemctl, "--root=" + root, "enable", "systemd-networkd.service")).orThrow();
    // Enabled along with networkd; it reads the kernel command line, which in a container is the
    // machine's own, and it fails there now and then.
    LocalCommand.run(Duration.ofMinutes(1), List.of(systemctl, "--root=" + root, "disable",
        "systemd-network-generator.service")).orThrow();
    List<String> enabledByCaller = enabledUnitsOf(root, extraPackages);
    if (!enabledByCaller.isEmpty()) {
      List<String> argv = new ArrayList<>(List.of(systemctl, "--root=" + root, "disable"));
      argv.addAll(enabledByCaller);
      LocalCommand.run(Duration.ofMinutes(1), argv).orThrow();
    }
  }

  /** Units shipped by {@code packages} that some {@code *.wants} directory links to. */
  static List<String> enabledUnitsOf(Path root, Iterable<String> packages) throws IOException {
    SortedSet<String> shipped = new TreeSet<>();
    for (String pkg : packages) {
      for (Path list : dpkgLists(root, pkg)) {
        for (String file : Files.readAllLines(list)) {
          if (file.matches("(/usr)?/lib/systemd/system/[^/]+\\.(service|socket|timer|path)")) {
            shipped.add(file.substring(file.lastIndexOf('/') + 1));
          }
        }
      }
    }
    SortedSet<String> enabled = new TreeSet<>();
    Path units = root.resolve("etc/systemd/system");
    if (Files.isDirectory(units)) {
      try (Stream<Path> links = Files.walk(units, 2)) {
        links.filter(path -> path.getParent().getFileName().toString().endsWith(".wants"))
            .map(path -> path.getFileName().toString())
            .filter(shipped::contains)
            .forEach(enabled::add);
      }
    }
    return List.copyOf(enabled);
  }

  private static List<Path> dpkgLists(Path root, String pkg) throws IOException {
    Path info = root.resolve("var/lib/dpkg/info");
    List<Path> lists = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(info, pkg + "{,:*}.list")) {
      files.forEach(lists::add);
    }
    return lists;
  }

  private void deleteAbandonedBuilds() throws IOException {
    try (DirectoryStream<Path> abandoned = Files.newDirectoryStream(cacheDir,
        temporaryPrefix() + "*")) {
      for (Path directory : abandoned) {
        LOG.info("removing abandoned root filesystem build {}", directory);
        FileTrees.deleteRecursively(directory);
      }
    }
  }

  private String temporaryPrefix() {
    return "." + directory().getFileName() + ".building-";
  }

  private static void deleteMatching(Path directory, String glob) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, glob)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
  }

  private String hash() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((RECIPE_VERSION + "\n" + String.join("\n", packages()))
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
