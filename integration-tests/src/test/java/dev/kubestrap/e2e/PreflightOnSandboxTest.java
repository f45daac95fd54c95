package dev.kubestrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.preflight.Finding;
import dev.kubestrap.preflight.PreflightException;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.sandbox.junit.SandboxExtension;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.ssh.SshTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real host that is not ready — no iptables, cgroup v1 without the opt-in, another program on etcd's port — is
 * refused by the preflight with every problem and its fix, before anything is placed on it.
 */
class PreflightOnSandboxTest {
  @RegisterExtension
  static final SandboxExtension SANDBOX = SandboxExtension.of(Sandbox.builder().hosts("solo"));

  @Test
  void anUnreadyHostIsRefusedWithEveryProblemAndItsFixBeforeAnythingChanges(Sandbox sandbox, @TempDir Path state)
      throws IOException {
    SandboxHost solo = sandbox.host("solo");
    try (SshTransport ssh = solo.connect()) {
      ssh.run(Command.script("rm -f /usr/sbin/iptables /usr/sbin/iptables-restore"));
      ssh.put(("[Socket]\nListenStream=2379\nAccept=yes\n\n[Install]\nWantedBy=sockets.target\n").getBytes(),
          "/etc/systemd/system/squatter.socket", FileMode.of(0644));
      ssh.put(("[Service]\nExecStart=/bin/true\n").getBytes(), "/etc/systemd/system/squatter@.service",
          FileMode.of(0644));
      ssh.run(Command.script("systemctl daemon-reload && systemctl start squatter.socket"));
    }

    // No real program is needed: the preflight refuses the host before anything is resolved or placed. build()
    // only looks for the kubelet's release file, so an empty one stands in for it.
    Path programs = Files.createDirectories(state.resolve("no-programs"));
    Files.createFile(programs.resolve("kubelet"));
    try (Cluster cluster = ClusterBuilder.named("unready").master(solo.toHost()).stateDir(state)
        .binaries(BinarySource.directory(programs)).build()) {
      assertThatThrownBy(cluster::apply).isInstanceOfSatisfying(PreflightException.class, failure -> {
        assertThat(failure.findings()).extracting(Finding::check, Finding::fix).contains(
            tuple("tools", "Debian/Ubuntu: apt-get install iptables; RHEL/Fedora: dnf install iptables"),
            tuple("port 2379", "stop and disable the service that holds it"));
        if (sandbox.hostsUseCgroupV1()) {
          assertThat(failure.findings()).extracting(Finding::check, Finding::fix).contains(
              tuple("cgroup", "boot with the unified hierarchy (systemd.unified_cgroup_hierarchy=1), or"
                  + " allowCgroupV1(true) if the host cannot move yet"));
        }
      });
    }
    try (SshTransport ssh = solo.connect()) {
      assertThat(ssh.run(Command.script("find /opt -mindepth 1 | wc -l; ls /etc/systemd/system/ | grep -c -E"
          + " '^(etcd|kube-.*|kubelet|containerd)\\.service$'; true")).stdout()).as("nothing placed").isEqualTo("0\n0\n");
    }
  }
}
