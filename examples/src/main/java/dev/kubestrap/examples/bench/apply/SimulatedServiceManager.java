package dev.kubestrap.examples.bench.apply;

import dev.kubestrap.apply.ServiceManager;
import dev.kubestrap.apply.ServiceStatus;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.Transport;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A SIMULATION of systemd for benchmarks on directory hosts, where {@code systemctl} cannot run: each
 * operation costs what it would on a real host (one command round trip, here {@code true}), and unit
 * states live in memory per transport target.
 */
public final class SimulatedServiceManager implements ServiceManager {
  private final Map<String, ServiceStatus> states = new ConcurrentHashMap<>();

  private static void roundTrip(Transport host) {
    host.run(Command.of("true"));
  }

  @Override
  public Map<String, ServiceStatus> status(Transport host, Collection<String> units) {
    roundTrip(host);
    Map<String, ServiceStatus> result = new LinkedHashMap<>();
    units.forEach(unit -> result.put(unit, states.getOrDefault(host.target() + " " + unit, ServiceStatus.ABSENT)));
    return result;
  }

  @Override
  public void daemonReload(Transport host) {
    roundTrip(host);
  }

  @Override
  public void enable(Transport host, String unit, boolean now) {
    roundTrip(host);
    ServiceStatus old = states.getOrDefault(host.target() + " " + unit, ServiceStatus.ABSENT);
    states.put(host.target() + " " + unit, new ServiceStatus(now || old.active(), true));
  }

  @Override
  public void start(Transport host, String unit) {
    roundTrip(host);
    ServiceStatus old = states.getOrDefault(host.target() + " " + unit, ServiceStatus.ABSENT);
    states.put(host.target() + " " + unit, new ServiceStatus(true, old.enabled()));
  }

  @Override
  public void restart(Transport host, String unit) {
    roundTrip(host);
  }

  @Override
  public List<String> journal(Transport host, String unit, int lines) {
    return List.of();
  }
}
