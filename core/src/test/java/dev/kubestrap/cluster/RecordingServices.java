package dev.kubestrap.cluster;

import dev.kubestrap.apply.ServiceStatus;
import dev.kubestrap.transport.Transport;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only stand-in for systemd, which cannot run inside a rooted local directory: keeps each host's unit
 * states in memory (keyed by transport target) and records every operation as {@code "<target> <op> <unit>"}.
 */
final class RecordingServices implements HostServices {
  private final Map<String, ServiceStatus> states = new ConcurrentHashMap<>();
  final List<String> operations = new CopyOnWriteArrayList<>();

  List<String> restarts() {
    return operations.stream().filter(o -> o.contains(" restart ")).toList();
  }

  List<String> withOperation(String operation) {
    return operations.stream().filter(o -> o.contains(" " + operation + " ")).toList();
  }

  boolean active(Transport host, String unit) {
    return states.getOrDefault(host.target() + " " + unit, ServiceStatus.ABSENT).active();
  }

  @Override
  public Map<String, ServiceStatus> status(Transport host, Collection<String> units) {
    Map<String, ServiceStatus> result = new LinkedHashMap<>();
    units.forEach(u -> result.put(u, states.getOrDefault(host.target() + " " + u, ServiceStatus.ABSENT)));
    return result;
  }

  @Override
  public void daemonReload(Transport host) {
    operations.add(host.target() + " daemon-reload -");
  }

  @Override
  public void enable(Transport host, String unit, boolean now) {
    operations.add(host.target() + (now ? " enable-now " : " enable ") + unit);
    ServiceStatus old = states.getOrDefault(host.target() + " " + unit, ServiceStatus.ABSENT);
    states.put(host.target() + " " + unit, new ServiceStatus(now || old.active(), true));
  }

  @Override
  public void start(Transport host, String unit) {
    operations.add(host.target() + " start " + unit);
    ServiceStatus old = states.getOrDefault(host.target() + " " + unit, ServiceStatus.ABSENT);
    states.put(host.target() + " " + unit, new ServiceStatus(true, old.enabled()));
  }

  @Override
  public void restart(Transport host, String unit) {
    operations.add(host.target() + " restart " + unit);
  }

  @Override
  public List<String> journal(Transport host, String unit, int lines) {
    return List.of("(stand-in journal of " + unit + ")");
  }

  @Override
  public void stopAndDisable(Transport host, String unit) {
    operations.add(host.target() + " stop-disable " + unit);
    states.remove(host.target() + " " + unit);
  }
}
