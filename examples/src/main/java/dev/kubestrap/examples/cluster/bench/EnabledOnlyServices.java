package dev.kubestrap.examples.cluster.bench;

import dev.kubestrap.apply.ServiceManager;
import dev.kubestrap.apply.ServiceStatus;
import dev.kubestrap.cluster.HostServices;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.Transport;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Real {@code systemctl} on the hosts, but services are only enabled, never started: the benchmark's stand-in
 * programs cannot signal readiness to systemd ({@code Type=notify} units would hang). A unit counts as running
 * once it is enabled, so an unchanged re-apply does nothing, as with real services.
 */
final class EnabledOnlyServices implements HostServices {
  private final ServiceManager systemd = ServiceManager.systemd();

  @Override
  public Map<String, ServiceStatus> status(Transport host, Collection<String> units) {
    Map<String, ServiceStatus> statuses = new LinkedHashMap<>();
    systemd.status(host, units).forEach((unit, s) -> statuses.put(unit, new ServiceStatus(s.enabled(), s.enabled())));
    return statuses;
  }

  /** The same command as systemd's: only the reading of its answer differs. */
  @Override
  public Optional<Command> statusCommand(Collection<String> units) {
    return systemd.statusCommand(units);
  }

  @Override
  public void daemonReload(Transport host) {
    systemd.daemonReload(host);
  }

  @Override
  public boolean daemonReloadFor(Transport host, Collection<String> units) {
    return systemd.daemonReloadFor(host, units);
  }

  @Override
  public void enable(Transport host, String unit, boolean now) {
    systemd.enable(host, unit, false);
  }

  @Override
  public void start(Transport host, String unit) {
    systemd.enable(host, unit, false);
  }

  @Override
  public void restart(Transport host, String unit) {
    // a stand-in is never started, so there is nothing to restart
  }

  @Override
  public List<String> journal(Transport host, String unit, int lines) {
    return systemd.journal(host, unit, lines);
  }

  @Override
  public void stopAndDisable(Transport host, String unit) {
    host.exec(Command.of("systemctl", "disable", unit));
  }
}
