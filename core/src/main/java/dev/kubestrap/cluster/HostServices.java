package dev.kubestrap.cluster;

import dev.kubestrap.apply.ServiceManager;
import dev.kubestrap.apply.ServiceStatus;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.Transport;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services of a host as a {@link Cluster} needs them: everything an apply does ({@link ServiceManager})
 * plus stopping and disabling for {@link Cluster#reset(ResetOption...)}. The default, {@link #systemd()}, runs
 * {@code systemctl}.
 */
public interface HostServices extends ServiceManager {

  /** systemd through {@code systemctl} and {@code journalctl}. */
  static HostServices systemd() {
    return of(ServiceManager.systemd());
  }

  /**
   * {@code manager} for applies, with {@code systemctl disable --now} to stop units on reset. Use it to plug in a
   * {@link ServiceManager} of your own while keeping systemd's stop.
   */
  static HostServices of(ServiceManager manager) {
    return new HostServices() {
      @Override
      public Map<String, ServiceStatus> status(Transport host, Collection<String> units) {
        return manager.status(host, units);
      }

      @Override
      public Optional<Command> statusCommand(Collection<String> units) {
        return manager.statusCommand(units);
      }

      @Override
      public void daemonReload(Transport host) {
        manager.daemonReload(host);
      }

      @Override
      public boolean daemonReloadFor(Transport host, Collection<String> units) {
        return manager.daemonReloadFor(host, units);
      }

      @Override
      public void enable(Transport host, String unit, boolean now) {
        manager.enable(host, unit, now);
      }

      @Override
      public void start(Transport host, String unit) {
        manager.start(host, unit);
      }

      @Override
      public void restart(Transport host, String unit) {
        manager.restart(host, unit);
      }

      @Override
      public List<String> journal(Transport host, String unit, int lines) {
        return manager.journal(host, unit, lines);
      }

      @Override
      public String toString() {
        return "HostServices[" + manager.getClass().getSimpleName() + "]";
      }
    };
  }

  /** Stops {@code unit} and leaves it enabled (a day-2 operation starts it again); the default runs {@code systemctl stop}. */
  default void stop(Transport host, String unit) {
    host.run(Command.of("systemctl", "stop", unit));
  }

  /**
   * Stops {@code unit} and disables it at boot; a unit that does not exist is not an error. The default runs
   * {@code systemctl disable --now <unit>} and ignores "not loaded" answers.
   */
  default void stopAndDisable(Transport host, String unit) {
    host.exec(Command.of("systemctl", "disable", "--now", unit));
  }
}
