package dev.kubestrap.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.RemoteCommandException;
import dev.kubestrap.transport.ForwardingTransport;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.local.LocalTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd service manager's real commands, run by {@code sh} on this machine against stand-in
 * {@code systemctl}/{@code journalctl} scripts (test code only) that log their arguments and answer
 * like systemd does.
 */
class SystemdServiceManagerTest {
  @TempDir Path bin;
  Path log;
  Transport host;
  final ServiceManager systemd = ServiceManager.systemd();

  @BeforeEach
  void fakeSystemd() throws IOException {
    log = bin.resolve("calls.log");
    script("systemctl", String.join("\n",
        "#!/bin/sh",
        "echo \"systemctl $*\" >> '" + log + "'",
        // systemd 252's answer to show: a block per unit in the order asked, a blank line between, Id first
        // systemd 252's answer with --value: the values of each unit in its property order, a blank line between
        "if [ \"$1 $2 $3 $4\" = 'show --property=LoadState,NeedDaemonReload --value --' ]; then",
        "  [ -e '" + bin.resolve("NOSYSTEMD") + "' ] && { echo 'System has not been booted with systemd as init system (PID 1).'"
            + " >&2; exit 1; }",
        "  shift 4; first=1",
        "  for u do",
        "    [ $first = 1 ] || echo; first=0",
        "    case $u in",
        "      changed.service) echo loaded; echo yes ;;",
        "      gone.service) echo not-found; echo no ;;",
        "      *) echo loaded; echo no ;;",
        "    esac",
        "  done",
        "  exit 0",
        "fi",
        "if [ \"$1\" = show ]; then",
        "  [ \"$2 $3\" = '--property=Id,ActiveState,UnitFileState --' ] || { echo \"unknown: $*\" >&2; exit 1; }",
        "  shift 3; first=1",
        "  for u do",
        "    [ $first = 1 ] || echo; first=0",
        "    echo \"Id=$u\"",
        "    case $u in",
        "      etcd.service) echo ActiveState=active; echo UnitFileState=enabled ;;",
        "      kubelet.service) echo ActiveState=activating; echo UnitFileState=disabled ;;",
        "      *) echo ActiveState=inactive; echo UnitFileState= ;;",
        "    esac",
        "  done",
        "  exit 0",
        "fi",
        "case \"$1 $2\" in",
        "  'restart broken.service') echo 'Job for broken.service failed because the control process exited"
            + " with error code.' >&2; exit 1 ;;",
        "esac"));
    script("journalctl", String.join("\n",
        "#!/bin/sh",
        "echo \"journalctl $*\" >> '" + log + "'",
        "i=1; while [ $i -le $4 ]; do echo \"$2[42]: line $i\"; i=$((i+1)); done"));
    host = new PathPrefixingTransport(LocalTransport.create(), bin);
  }

  @Test
  void readsTheStatusOfAllUnitsInOneCommand() throws IOException {
    Map<String, ServiceStatus> status =
        systemd.status(host, List.of("etcd.service", "kubelet.service", "containerd.service"));

    assertThat(status).containsEntry("etcd.service", new ServiceStatus(true, true))
        .containsEntry("kubelet.service", new ServiceStatus(true, false))
        .containsEntry("containerd.service", ServiceStatus.ABSENT);
    assertThat(Files.readAllLines(log)).containsExactly(
        "systemctl show --property=Id,ActiveState,UnitFileState -- etcd.service kubelet.service containerd.service");
    assertThat(((PathPrefixingTransport) host).commands).hasSize(1);
  }

  @Test
  void runsSystemctlForReloadEnableStartAndRestart() throws IOException {
    systemd.daemonReload(host);
    systemd.enable(host, "etcd.service", true);
    systemd.enable(host, "kubelet.service", false);
    systemd.start(host, "kube-proxy.service");
    systemd.restart(host, "etcd.service");

    assertThat(Files.readAllLines(log)).containsExactly(
        "systemctl daemon-reload",
        "systemctl show --property=LoadState,NeedDaemonReload --value -- etcd.service",
        "systemctl enable --no-reload --now -- etcd.service",
        "systemctl show --property=LoadState,NeedDaemonReload --value -- kubelet.service",
        "systemctl enable --no-reload -- kubelet.service",
        "systemctl start kube-proxy.service", "systemctl restart etcd.service");
  }

  @Test
  void enablingAUnitWhoseFileChangedSinceItWasLoadedReloadsFirst() throws IOException {
    systemd.enable(host, "changed.service", true);

    assertThat(Files.readAllLines(log)).containsExactly(
        "systemctl show --property=LoadState,NeedDaemonReload --value -- changed.service",
        "systemctl daemon-reload",
        "systemctl enable --no-reload --now -- changed.service");
  }

  @Test
  void unitsLoadedFromTheirCurrentFilesNeedNoReload() throws IOException {
    assertThat(systemd.daemonReloadFor(host, List.of("etcd.service", "kubelet.service"))).isFalse();

    assertThat(Files.readAllLines(log)).containsExactly(
        "systemctl show --property=LoadState,NeedDaemonReload --value -- etcd.service kubelet.service");
  }

  @Test
  void aUnitLoadedFromAnOlderFileOrNotLoadedReloads() throws IOException {
    assertThat(systemd.daemonReloadFor(host, List.of("etcd.service", "changed.service"))).isTrue();
    assertThat(systemd.daemonReloadFor(host, List.of("gone.service", "etcd.service"))).isTrue();

    assertThat(Files.readAllLines(log)).containsExactly(
        "systemctl show --property=LoadState,NeedDaemonReload --value -- etcd.service changed.service",
        "systemctl daemon-reload",
        "systemctl show --property=LoadState,NeedDaemonReload --value -- gone.service etcd.service",
        "systemctl daemon-reload");
  }

  @Test
  void noAnswerFromSystemdReloads() throws IOException {
    Files.createFile(bin.resolve("NOSYSTEMD"));

    assertThat(systemd.daemonReloadFor(host, List.of("etcd.service"))).isTrue();

    assertThat(Files.readAllLines(log)).containsExactly(
        "systemctl show --property=LoadState,NeedDaemonReload --value -- etcd.service", "systemctl daemon-reload");
  }

  @Test
  void aFailedRestartThrowsWithSystemctlsMessage() {
    assertThatThrownBy(() -> systemd.restart(host, "broken.service"))
        .isInstanceOf(RemoteCommandException.class)
        .hasMessageContaining("Job for broken.service failed");
  }

  @Test
  void journalReturnsTheLastLinesOfTheUnit() throws IOException {
    assertThat(systemd.journal(host, "etcd.service", 3))
        .containsExactly("etcd.service[42]: line 1", "etcd.service[42]: line 2", "etcd.service[42]: line 3");
    assertThat(Files.readAllLines(log)).containsExactly("journalctl -u etcd.service -n 3 --no-pager");
  }

  private void script(String name, String text) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, text + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Test-only: runs every command with the stand-in scripts first on PATH. */
  private static final class PathPrefixingTransport extends ForwardingTransport {
    private final Path bin;
    final List<String> commands = new ArrayList<>();

    PathPrefixingTransport(Transport delegate, Path bin) {
      super(delegate);
      this.bin = bin;
    }

    @Override
    public ExecResult exec(Command command) {
      commands.add(command.display());
      List<String> argv = new ArrayList<>(List.of("env", "PATH=" + bin + ":" + System.getenv("PATH")));
      argv.addAll(command.argv());
      return delegate().exec(Command.of(argv));
    }
  }
}
