package dev.kubestrap.apply;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.Transport;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Controls services on a host through its transport. The default, {@link #systemd()}, runs
 * {@code systemctl} and {@code journalctl}. Failing operations throw; the executor turns that into an
 * {@link ApplyException} carrying the unit's journal.
 */
public interface ServiceManager {
  /** systemd through {@code systemctl}; the executor's default. */
  static ServiceManager systemd() {
    return new SystemdServiceManager();
  }

  /** The status of several units, read in one round trip where the manager can. */
  Map<String, ServiceStatus> status(Transport host, Collection<String> units);

  /**
   * The single read-only command {@link #status} runs for these units, when it runs exactly one: the executor may
   * ask it together with a phase's other questions in one round trip. Default: empty (not batched).
   */
  default Optional<Command> statusCommand(Collection<String> units) {
    return Optional.empty();
  }

  /** Makes the service manager re-read changed unit files. */
  void daemonReload(Transport host);

  /**
   * Makes the service manager see the current files of {@code units}, whose unit files were just placed, and says
   * whether that took a reload. Default: {@link #daemonReload} every time. The systemd manager reloads only when one
   * of them is loaded from an older file or not loaded at all (a reload runs every generator and costs a busy host
   * half a second; systemd reads a unit it had not loaded from its current file anyway).
   */
  default boolean daemonReloadFor(Transport host, Collection<String> units) {
    daemonReload(host);
    return true;
  }

  /** Enables the unit at boot; with {@code now}, also starts it. */
  void enable(Transport host, String unit, boolean now);

  void start(Transport host, String unit);

  void restart(Transport host, String unit);

  /** The last {@code lines} lines of the unit's log; empty if none can be read. */
  List<String> journal(Transport host, String unit, int lines);
}
