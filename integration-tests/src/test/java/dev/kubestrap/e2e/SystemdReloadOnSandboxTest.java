package dev.kubestrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.apply.ServiceManager;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.junit.SandboxExtension;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.ssh.SshTransport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The apply skips {@code daemon-reload} after placing unit files when systemd already reads their current files.
 * That rests on how the real systemd answers {@code LoadState} and {@code NeedDaemonReload}, so it is checked here
 * against the systemd of a Debian host: a unit it never loaded, one it knew only as missing, one reset removed,
 * and a running unit whose file was replaced (the one case that must reload). Each time the service then runs the
 * command of the file that was placed last.
 */
class SystemdReloadOnSandboxTest {
  @RegisterExtension
  static final SandboxExtension SANDBOX = SandboxExtension.of(Sandbox.builder().hosts("solo"));

  private final ServiceManager systemd = ServiceManager.systemd();

  @Test
  void reloadsOnlyWhenSystemdHoldsAnOlderFileOfAPlacedUnit(Sandbox sandbox) {
    try (SshTransport ssh = sandbox.host("solo").connect()) {
      place(ssh, "sleeper.service", "1001");
      assertThat(systemd.daemonReloadFor(ssh, List.of("sleeper.service"))).as("never loaded").isFalse();
      systemd.enable(ssh, "sleeper.service", true);
      assertThat(runningCommand(ssh, "sleeper.service")).contains("1001");

      place(ssh, "sleeper.service", "1002");
      assertThat(systemd.daemonReloadFor(ssh, List.of("sleeper.service"))).as("running, file replaced").isTrue();
      assertThat(systemd.daemonReloadFor(ssh, List.of("sleeper.service"))).as("after that reload").isFalse();
      systemd.restart(ssh, "sleeper.service");
      assertThat(runningCommand(ssh, "sleeper.service")).contains("1002");

      ssh.run(Command.script("systemctl disable --now sleeper.service && rm /etc/systemd/system/sleeper.service"
          + " && systemctl daemon-reload"));
      place(ssh, "sleeper.service", "1003");
      assertThat(systemd.daemonReloadFor(ssh, List.of("sleeper.service"))).as("removed as reset does").isFalse();
      systemd.enable(ssh, "sleeper.service", true);
      assertThat(runningCommand(ssh, "sleeper.service")).contains("1003");

      place(ssh, "wanter.service", "1004", "[Unit]\nWants=wanted.service\n");
      systemd.enable(ssh, "wanter.service", true);
      assertThat(ssh.run(Command.script("systemctl show --property=LoadState --value wanted.service")).stdout())
          .isEqualTo("not-found\n");
      place(ssh, "wanted.service", "1005");
      assertThat(systemd.daemonReloadFor(ssh, List.of("wanted.service", "sleeper.service")))
          .as("known only as missing before its file").isFalse();
      systemd.enable(ssh, "wanted.service", true);
      assertThat(runningCommand(ssh, "wanted.service")).contains("1005");
    }
  }

  private static void place(Transport host, String unit, String seconds) {
    place(host, unit, seconds, "");
  }

  private static void place(Transport host, String unit, String seconds, String head) {
    String text = head + "[Service]\nExecStart=/bin/sleep " + seconds + "\n[Install]\nWantedBy=multi-user.target\n";
    host.put(text.getBytes(StandardCharsets.UTF_8), "/etc/systemd/system/" + unit, FileMode.of(0644));
  }

  private static String runningCommand(Transport host, String unit) {
    return host.run(Command.script("systemctl is-active --quiet \"$1\" && systemctl show --property=ExecStart"
        + " --value \"$1\"", unit)).stdout();
  }
}
