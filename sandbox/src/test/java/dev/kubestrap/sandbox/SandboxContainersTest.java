package dev.kubestrap.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.ssh.SshTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sandbox host runs containers the way a node does: runc (this machine's, Debian's package)
 * starts a busybox container under the host's own systemd, in cgroups beneath the ones the sandbox
 * created, and nothing of it is left on this machine once the sandbox is closed.
 */
class SandboxContainersTest {
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final Path RUNC = Path.of("/usr/sbin/runc");

  @BeforeAll
  static void requirements() {
    SandboxTestSupport.requireSandboxMachine();
    assertThat(BUSYBOX).as("Debian's busybox-static").isRegularFile();
    assertThat(RUNC).as("Debian's runc").isRegularFile();
  }

  @Test
  void runcStartsAContainerInsideAHostAndItsCgroupsGoAwayWithTheSandbox() throws Exception {
    List<Path> hostCgroups;
    String machinesPanic = Files.readString(Path.of("/proc/sys/kernel/panic"));
    try (Sandbox sandbox = Sandbox.builder().hosts("node").start()) {
      hostCgroups = sandbox.machines().get(0).cgroups().directories();
      assertThat(hostCgroups).isNotEmpty().allSatisfy(dir -> assertThat(dir).isDirectory());
      assertThat(hostCgroups).as("nspawn's own cgroups are made beneath the host's")
          .anySatisfy(dir -> assertThat(dir.resolve("payload")).isDirectory());
      try (SshTransport ssh = sandbox.host("node").connect()) {
        ssh.put(RUNC, "/usr/local/bin/runc", FileMode.of(0755));
        ssh.put(BUSYBOX, "/bundle/rootfs/bin/busybox", FileMode.of(0755));
        ssh.run(Command.of("ln", "-s", "busybox", "/bundle/rootfs/bin/sh"));
        ssh.run(Command.of("sh", "-c", "cd /bundle && runc spec && sed -i"
            + " -e 's/\"terminal\": true/\"terminal\": false/'"
            + " -e 's|\"sh\"$|\"sh\", \"-c\", \"echo in-container; cat /proc/self/cgroup\"|' config.json"));

        String output = ssh.run(Command.of("systemd-run", "--wait", "--pipe", "--quiet",
            "--property=WorkingDirectory=/bundle", "runc", "run", "smoke")).stdout();

        assertThat(output).startsWith("in-container\n").contains(":memory:/smoke", ":pids:/smoke");
        assertThat(ssh.run(Command.of("cat", "/proc/sys/vm/overcommit_memory", "/proc/sys/kernel/panic"))
            .stdout()).isEqualTo("1\n10\n");
        assertThat(ssh.run(Command.of("systemctl", "is-active", GuestFiles.PREPARE_UNIT)).stdoutTrimmed())
            .isEqualTo("active");
      }
      assertThat(Files.readString(Path.of("/proc/sys/kernel/panic")))
          .as("the machine's own kernel keys are untouched").isEqualTo(machinesPanic);
    }
    assertThat(hostCgroups).allSatisfy(dir -> assertThat(dir).doesNotExist());
  }
}
