package dev.kubestrap.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.sandbox.junit.WithSandbox;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.ssh.SshConfig;
import dev.kubestrap.transport.ssh.SshTransport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two real hosts booted by systemd-nspawn from the base root filesystem (the one the end-to-end cluster
 * test uses, so one cache serves both), reached over SSH with the pinned keys.
 */
@WithSandbox(hosts = 2)
class SandboxHostsTest {

  @Test
  void eachHostAnswersOverSshAsItselfWithSystemdRunning(Sandbox sandbox) {
    assertThat(sandbox.hosts()).extracting(SandboxHost::name).containsExactly("host1", "host2");
    for (SandboxHost host : sandbox.hosts()) {
      try (SshTransport ssh = host.connect()) {
        String failedUnits = ssh.run(Command.of("systemctl", "list-units", "--failed",
            "--no-legend", "--plain")).stdout();
        assertThat(ssh.exec(Command.of("systemctl", "is-system-running")).stdoutTrimmed())
            .as("failed units: %s", failedUnits)
            .isIn("running", "degraded");
        assertThat(ssh.run(Command.of("hostname")).stdoutTrimmed()).isEqualTo(host.name());
        assertThat(host.consoleLog()).content().contains("Welcome to");
        assertThat(ssh.run(Command.of("ip", "-4", "-o", "addr", "show", "dev", "host0")).stdout())
            .contains(host.address() + "/" + sandbox.addressRange().prefixLength());
        assertThat(ssh.run(Command.of("ip", "-4", "route", "show", "default")).stdout())
            .as("an on-link default route, no gateway").isEqualTo("default dev host0 proto static scope link \n");
        assertThat(ssh.run(Command.of("systemctl", "is-active", "systemd-networkd", "ssh"))
            .stdout()).isEqualTo("active\nactive\n");
      }
    }
  }

  @Test
  void aConnectionPinnedToAnotherHostsKeyIsRefused(Sandbox sandbox) {
    SandboxHost host1 = sandbox.host("host1");
    SandboxHost host2 = sandbox.host("host2");
    SshConfig host1WithHost2sKey = host1.ssh().toBuilder()
        .hostKeyFingerprint(host2.ssh().hostKeyFingerprint().orElseThrow())
        .build();

    assertThatThrownBy(host1WithHost2sKey::connect)
        .isInstanceOf(KubestrapException.class)
        .hasMessageContaining(host1.address());
  }

  @Test
  void theKnownHostsFileTheSandboxWritesVerifiesEveryHost(Sandbox sandbox) {
    for (SandboxHost host : sandbox.hosts()) {
      SshConfig viaKnownHosts = SshConfig.builder().host(host.address()).user("root")
          .privateKey(sandbox.clientKey()).knownHosts(sandbox.knownHosts()).build();
      try (SshTransport ssh = viaKnownHosts.connect()) {
        assertThat(ssh.run(Command.of("hostname")).stdoutTrimmed()).isEqualTo(host.name());
      }
    }
  }

  @Test
  void aUnitInstalledOnHost2ListensAndHost1ReachesIt(Sandbox sandbox) {
    SandboxHost host2 = sandbox.host("host2");
    try (SshTransport ssh = host2.connect()) {
      ssh.put(("[Unit]\nDescription=kubestrap sandbox test greeting\n\n[Socket]\nListenStream="
          + host2.address() + ":7000\nAccept=yes\n\n[Install]\nWantedBy=sockets.target\n")
          .getBytes(), "/etc/systemd/system/ks-greeting.socket", FileMode.of(0644));
      ssh.put(("[Unit]\nDescription=kubestrap sandbox test greeting\n\n[Service]\n"
          + "ExecStart=/bin/echo hello from %H\nStandardOutput=socket\n").getBytes(),
          "/etc/systemd/system/ks-greeting@.service", FileMode.of(0644));
      ssh.run(Command.of("systemctl", "daemon-reload"));
      ssh.run(Command.of("systemctl", "enable", "--now", "ks-greeting.socket"));
      assertThat(ssh.run(Command.of("systemctl", "is-active", "ks-greeting.socket"))
          .stdoutTrimmed()).isEqualTo("active");
    }

    try (SshTransport ssh = sandbox.host("host1").connect()) {
      ExecResult reply = ssh.run(Command.of("timeout", "10", "bash", "-c",
          "exec 3<>/dev/tcp/host2/7000 && cat <&3").withTimeout(Duration.ofSeconds(20)));
      assertThat(reply.stdoutTrimmed()).isEqualTo("hello from host2");
    }
  }

  @Test
  void hostsShareNoWritableStateAndStartBlank(Sandbox sandbox) {
    try (SshTransport host1 = sandbox.host("host1").connect();
        SshTransport host2 = sandbox.host("host2").connect()) {
      host1.put("only on host1".getBytes(), "/root/marker", FileMode.of(0600));
      assertThat(host1.exists("/root/marker")).isTrue();
      assertThat(host2.exists("/root/marker")).isFalse();
      assertThat(host1.run(Command.of("cat", "/etc/machine-id")).stdout())
          .isNotEqualTo(host2.run(Command.of("cat", "/etc/machine-id")).stdout());

    }
  }
}
