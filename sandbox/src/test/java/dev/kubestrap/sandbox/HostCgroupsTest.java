package dev.kubestrap.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a host's cgroups go, read from {@code /proc/self/cgroup} and {@code /proc/self/mountinfo}. */
class HostCgroupsTest {
  private static final List<String> MOUNTINFO = List.of(
      "30 25 0:26 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
      "31 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
      "32 25 0:28 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd",
      "33 25 0:29 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
      "40 25 0:30 /nested /mnt/other rw,relatime - cgroup cgroup rw,memory");

  @Test
  void everyHierarchyGetsAChildOfThisProcesssOwnCgroup() {
    HostCgroups cgroups = HostCgroups.forHost("kubestrap-ks1-1", List.of(
        "4:memory:/process_api/abc", "3:cpu,cpuacct:/", "1:name=systemd:/", "0::/"), MOUNTINFO);

    assertThat(cgroups.directories()).containsExactly(
        Path.of("/sys/fs/cgroup/memory/process_api/abc/kubestrap-ks1-1"),
        Path.of("/sys/fs/cgroup/cpu,cpuacct/kubestrap-ks1-1"),
        Path.of("/sys/fs/cgroup/systemd/kubestrap-ks1-1"),
        Path.of("/sys/fs/cgroup/unified/kubestrap-ks1-1"));
  }

  @Test
  void aHierarchyThatIsNotMountedHereIsLeftOut() {
    HostCgroups cgroups = HostCgroups.forHost("h", List.of("7:blkio:/", "0::/"), MOUNTINFO);

    assertThat(cgroups.directories()).containsExactly(Path.of("/sys/fs/cgroup/unified/h"));
  }

  @Test
  void resourceControllersOnV1HierarchiesMeanTheHostsSeeCgroupV1() {
    assertThat(HostCgroups.controllersOnV1(List.of("4:memory:/x", "1:name=systemd:/", "0::/"))).isTrue();
    assertThat(HostCgroups.controllersOnV1(List.of("1:name=systemd:/", "0::/"))).isFalse();
    assertThat(HostCgroups.controllersOnV1(List.of("0::/user.slice"))).isFalse();
  }

  @Test
  void theLauncherJoinsEveryCgroupThenExecsTheCommandUnchanged() {
    HostCgroups cgroups = new HostCgroups(List.of(Path.of("/cg/a"), Path.of("/cg/b")));

    List<String> argv = cgroups.wrap(List.of("systemd-nspawn", "--boot"));

    assertThat(argv).startsWith("/bin/sh", "-c").endsWith("/cg/a", "/cg/b", "--", "systemd-nspawn", "--boot");
  }
}
