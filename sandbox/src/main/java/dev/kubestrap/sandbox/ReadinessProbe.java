package dev.kubestrap.sandbox;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.Transport;
import java.time.Duration;
import java.util.Set;

/**
 * Waits until a host answers over SSH, with its pinned host key, and its systemd reports the boot
 * finished: {@code systemctl is-system-running --wait} prints {@code running} or
 * {@code degraded}.
 */
final class ReadinessProbe {
  private static final Set<String> READY = Set.of("running", "degraded");
  private static final Set<String> NEVER_READY = Set.of("maintenance", "stopping", "offline");
  private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
  /** Short, so that a host whose address is not up yet is retried soon. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private ReadinessProbe() {}

  static void await(SandboxHost host, NspawnMachine machine, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastSeen = "no SSH connection yet";
    while (System.nanoTime() < deadline) {
      if (!machine.isRunning()) {
        throw failure(host, machine, "systemd-nspawn exited before the host was ready");
      }
      long remainingSeconds = Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toSeconds());
      try (Transport transport = host.ssh().toBuilder().connectTimeout(CONNECT_TIMEOUT).build()
          .connect()) {
        ExecResult result = transport.exec(Command.of("timeout", remainingSeconds + "s",
            "systemctl", "is-system-running", "--wait"));
        String state = result.stdout().strip();
        if (READY.contains(state)) {
          return;
        }
        if (NEVER_READY.contains(state)) {
          throw failure(host, machine, "systemctl is-system-running says '" + state + "'");
        }
        lastSeen = "systemctl is-system-running said '" + state + "' (exit code "
            + result.exitCode() + ")";
      } catch (SandboxException e) {
        throw e;
      } catch (KubestrapException e) {
        lastSeen = e.getMessage();
      }
      NspawnMachine.sleep(RETRY_PAUSE);
    }
    throw failure(host, machine, "not ready within " + timeout + "; last seen: " + lastSeen);
  }

  static SandboxException failure(SandboxHost host, NspawnMachine machine, String reason) {
    return new SandboxException("boot of " + host.name() + " on root@" + host.address()
        + ":22 failed: " + reason + "\nconsole of " + machine.machineName() + " ("
        + host.consoleLog() + "), last lines:\n" + machine.consoleTail(3000));
  }
}
