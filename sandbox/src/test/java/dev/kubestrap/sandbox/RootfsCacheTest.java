package dev.kubestrap.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsCacheTest {
  private static final URI MIRROR = URI.create("http://mirror.example/debian");

  @TempDir
  Path cacheDir;

  @Test
  void theCacheIsNamedBySuiteAndAHashOfThePackageListInAnyOrder() {
    RootfsCache one = new RootfsCache(cacheDir, "bookworm", List.of("runc", "etcd-server"));
    RootfsCache same = new RootfsCache(cacheDir, "bookworm",
        List.of("etcd-server", "runc", "runc", "systemd"));
    RootfsCache other = new RootfsCache(cacheDir, "bookworm", List.of("runc"));

    assertThat(one.directory().getFileName().toString()).matches("bookworm-[0-9a-f]{12}");
    assertThat(same.directory()).isEqualTo(one.directory());
    assertThat(other.directory()).isNotEqualTo(one.directory());
    assertThat(one.packages()).containsExactly("ca-certificates", "dbus", "etcd-server",
        "iproute2", "iptables", "openssh-server", "runc", "systemd");
  }

  @Test
  void debootstrapGetsTheMinimalVariantEveryPackageTheSuiteAndTheMirror() {
    RootfsCache cache = new RootfsCache(cacheDir, "bookworm", List.of("containerd"));

    assertThat(cache.debootstrapCommand("/usr/sbin/debootstrap", Path.of("/tmp/target"), MIRROR,
        Optional.of(Path.of("/usr/share/keyrings/debian-archive-keyring.gpg"))))
        .containsExactly("/usr/sbin/debootstrap", "--variant=minbase",
            "--include=ca-certificates,containerd,dbus,iproute2,iptables,openssh-server,systemd",
            "--keyring=/usr/share/keyrings/debian-archive-keyring.gpg", "bookworm", "/tmp/target",
            "http://mirror.example/debian");
  }

  @Test
  void findsTheUnitsTheCallersPackagesEnabled() throws IOException {
    Path root = cacheDir.resolve("root");
    Path info = Files.createDirectories(root.resolve("var/lib/dpkg/info"));
    Files.writeString(info.resolve("etcd-server.list"),
        "/lib/systemd/system/etcd.service\n/usr/bin/etcd\n");
    Files.writeString(info.resolve("containerd:amd64.list"),
        "/lib/systemd/system/containerd.service\n");
    Files.writeString(info.resolve("openssh-server.list"), "/lib/systemd/system/ssh.service\n");
    Path wants = Files.createDirectories(root.resolve("etc/systemd/system/multi-user.target.wants"));
    for (String unit : List.of("etcd.service", "containerd.service", "ssh.service")) {
      Files.createSymbolicLink(wants.resolve(unit), Path.of("/lib/systemd/system/" + unit));
    }

    assertThat(RootfsCache.enabledUnitsOf(root, List.of("etcd-server", "containerd", "runc")))
        .containsExactly("containerd.service", "etcd.service");
  }

  @Test
  void concurrentBuildersRunDebootstrapOnceAndBothGetTheFinishedTree() throws Exception {
    Path runs = cacheDir.resolve("runs");
    Path debootstrap = stubDebootstrap("exit 0", runs);
    RootfsCache cache = new RootfsCache(cacheDir.resolve("cache"), "bookworm", List.of());

    List<CompletableFuture<Path>> builders = Stream.of(1, 2)
        .map(i -> CompletableFuture.supplyAsync(() -> new RootfsCache(cacheDir.resolve("cache"),
            "bookworm", List.of()).ensureBuilt(debootstrap.toString(), "true", MIRROR,
            Optional.empty())))
        .toList();

    for (CompletableFuture<Path> builder : builders) {
      assertThat(builder.get()).isEqualTo(cache.directory());
    }
    assertThat(Files.readAllLines(runs)).hasSize(1);
    assertThat(cache.isBuilt()).isTrue();
    assertThat(cache.directory().resolve("etc/ssh/ssh_host_rsa_key")).doesNotExist();
    assertThat(cache.directory().resolve("etc/machine-id")).isEmptyFile();
    assertThat(leftoverBuilds(cache)).isEmpty();
  }

  @Test
  void aFailedBuildLeavesNoCacheAndNoHalfTree() throws Exception {
    Path debootstrap = stubDebootstrap("echo 'E: Failed getting release file' >&2; exit 1",
        cacheDir.resolve("runs"));
    RootfsCache cache = new RootfsCache(cacheDir.resolve("cache"), "bookworm", List.of());

    assertThatThrownBy(() -> cache.ensureBuilt(debootstrap.toString(), "true", MIRROR,
        Optional.empty()))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("debootstrap of bookworm from http://mirror.example/debian failed:"
            + " exit code 1")
        .hasMessageContaining("E: Failed getting release file");
    assertThat(cache.isBuilt()).isFalse();
    assertThat(leftoverBuilds(cache)).isEmpty();
  }

  private static List<Path> leftoverBuilds(RootfsCache cache) throws IOException {
    try (Stream<Path> files = Files.list(cache.directory().getParent())) {
      return files.filter(path -> path.getFileName().toString().contains(".building-")).toList();
    }
  }

  /**
   * A test stand-in for debootstrap: makes the few files the recipe touches in the target (its
   * 4th argument when no keyring is given), records that it ran, takes a moment, then ends with
   * {@code ending}.
   */
  private Path stubDebootstrap(String ending, Path runs) throws IOException {
    Path script = cacheDir.resolve("stub-debootstrap");
    Files.writeString(script, "#!/bin/sh\n"
        + "target=\"$4\"\n"
        + "echo run >> '" + runs + "'\n"
        + "mkdir -p \"$target/etc/ssh\" \"$target/var/lib/dpkg/info\"\n"
        + "echo key > \"$target/etc/ssh/ssh_host_rsa_key\"\n"
        + "echo 0123 > \"$target/etc/machine-id\"\n"
        + "sleep 1\n"
        + ending + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }
}
