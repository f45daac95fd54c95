package dev.kubestrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.RunCommand;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.sandbox.junit.SandboxExtension;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.ssh.SshTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defect: {@code swapoff -a} lasts until the next reboot, after which the kubelet ({@code failSwapOn: true})
 * refuses to start. The planned step, run on a real Debian host with systemd, comments out fstab's swap line,
 * masks every swap unit — also one no fstab line made — and is then satisfied, so a re-run does nothing.
 */
class SwapOffOnSandboxTest {
  @RegisterExtension
  static final SandboxExtension SANDBOX = SandboxExtension.of(Sandbox.builder().hosts("solo"));

  private static final String FSTAB = "# a comment about swap\n"
      + "proc /proc proc defaults 0 0\n"
      + "/swapfile none swap sw 0 0\n"
      + "UUID=0b1c none\tswap\tsw,pri=5 0 0\n";

  @Test
  void swapStaysOffAfterARebootFstabLinesCommentedAndEverySwapUnitMasked(Sandbox sandbox, @TempDir Path state) {
    SandboxHost solo = sandbox.host("solo");
    RunCommand swapOff = swapOffStep(solo, state);
    try (SshTransport ssh = solo.connect()) {
      ssh.put(FSTAB.getBytes(StandardCharsets.UTF_8), "/etc/fstab", FileMode.of(0644));
      ssh.put("[Swap]\nWhat=/dev/zram7\n".getBytes(StandardCharsets.UTF_8), "/etc/systemd/system/dev-zram7.swap",
          FileMode.of(0644));
      ssh.run(Command.script("systemctl daemon-reload"));
      assertThat(ssh.exec(Command.of(swapOff.unless())).exitCode()).as("work owed before").isNotZero();

      ssh.exec(Command.of(swapOff.command()));

      assertThat(ssh.run(Command.script("cat /etc/fstab")).stdout()).isEqualTo("# a comment about swap\n"
          + "proc /proc proc defaults 0 0\n"
          + "#kubestrap: /swapfile none swap sw 0 0\n"
          + "#kubestrap: UUID=0b1c none\tswap\tsw,pri=5 0 0\n");
      assertThat(ssh.exec(Command.script("systemctl is-enabled dev-zram7.swap")).stdout()).isEqualTo("masked\n");
      assertThat(ssh.run(Command.script("cat /etc/systemd/system/dev-zram7.swap.kubestrap-masked")).stdout())
          .as("the hand-written unit, set aside").contains("What=/dev/zram7");
      assertThat(ssh.exec(Command.of(swapOff.unless())).exitCode()).as("nothing owed after").isZero();
    }
  }

  /**
   * The guard looks at the unit files itself and asks systemd only when one may be unmasked: a vendor unit makes the
   * step owed, and once it is masked the guard is satisfied without {@code systemctl}, here replaced on the guard's
   * path by a stand-in that reports an unmasked swap unit.
   */
  @Test
  void aVendorSwapUnitIsOwedWorkAndOnceMaskedTheGuardNeedsNoSystemctl(Sandbox sandbox, @TempDir Path state) {
    SandboxHost solo = sandbox.host("solo");
    RunCommand swapOff = swapOffStep(solo, state);
    List<String> guardWithStandIn = new ArrayList<>(List.of("env", "PATH=/run/kubestrap-test-bin:/usr/sbin:/usr/bin"
        + ":/sbin:/bin"));
    guardWithStandIn.addAll(swapOff.unless());
    try (SshTransport ssh = solo.connect()) {
      ssh.put("[Swap]\nWhat=/dev/zram9\n".getBytes(StandardCharsets.UTF_8), "/usr/lib/systemd/system/dev-zram9.swap",
          FileMode.of(0644));
      ssh.put("#!/bin/sh\necho 'stand-in.swap enabled'\n".getBytes(StandardCharsets.UTF_8),
          "/run/kubestrap-test-bin/systemctl", FileMode.of(0755));
      try {
        ssh.run(Command.script("systemctl daemon-reload"));
        assertThat(ssh.exec(Command.of(swapOff.unless())).exitCode()).as("work owed before").isNotZero();

        ssh.exec(Command.of(swapOff.command()));

        assertThat(ssh.exec(Command.script("systemctl is-enabled dev-zram9.swap")).stdout()).isEqualTo("masked\n");
        assertThat(ssh.exec(Command.of(swapOff.unless())).exitCode()).as("nothing owed after").isZero();
        assertThat(ssh.exec(Command.of(guardWithStandIn)).exitCode()).as("nothing owed, systemctl not asked").isZero();
        ssh.run(Command.script("systemctl unmask dev-zram9.swap"));
        assertThat(ssh.exec(Command.of(guardWithStandIn)).exitCode()).as("unmasked: systemctl asked").isNotZero();
        assertThat(ssh.exec(Command.of(swapOff.unless())).exitCode()).as("unmasked: owed again").isNotZero();
      } finally {
        // the stand-in must not outlive this test, whatever failed: the other test asks the real systemctl
        ssh.run(Command.script("rm -rf /run/kubestrap-test-bin"));
        ssh.exec(Command.of(swapOff.command()));
      }
    }
  }

  private static RunCommand swapOffStep(SandboxHost host, Path state) {
    try (Cluster cluster = ClusterBuilder.named("swap").master(host.toHost()).stateDir(state).dryRunBinaries()
        .build()) {
      return cluster.plan().actions(Phase.NODES, HostId.of(host.name())).stream()
          .filter(RunCommand.class::isInstance).map(RunCommand.class::cast)
          .filter(command -> command.subject().startsWith("turn swap off")).findFirst().orElseThrow();
    }
  }
}
