package dev.kubestrap.apply;

import dev.kubestrap.transport.Transport;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only stand-in for systemd, which cannot run inside a rooted local directory: keeps each host's
 * unit states in memory (keyed by transport target) and records every operation as
 * {@code "<target> <operation> <unit>"}.
 */
final class RecordingServiceManager implements ServiceManager {
  private final Map<String, ServiceStatus> states = new ConcurrentHashMap<>();
  final List<String> operations = new CopyOnWriteArrayList<>();
  private final Set<String> failingUnits = ConcurrentHashMap.newKeySet();

  private volatile boolean checksReloads;

  /**
   * Answers {@link #daemonReloadFor} like systemd instead of always reloading: a unit it has started or enabled is
   * loaded, so a newly placed file of it needs a reload; any other unit is read from its file when first asked.
   */
  void checkReloadsLikeSystemd() {
    checksReloads = true;
  }

  /** Starting or restarting this unit fails, as {@code systemctl} does for a unit that exits at once. */
  void failToStart(String unit) {
    failingUnits.add(unit);
  }

  void allowStart(String unit) {
    failingUnits.remove(unit);
  }

  void stop(Transport host, String unit) {
    states.put(host.target() + " " + unit, new ServiceStatus(false, true));
  }

  List<String> operationsOn(Transport host) {
    return operations.stream().filter(o -> o.startsWith(host.target() + " ")).toList();
  }

  List<String> restarts() {
    return operations.stream().filter(o -> o.contains(" restart ")).toList();
  }

  @Override
  public Map<String, ServiceStatus> status(Transport host, Collection<String> units) {
    operations.add(host.target() + " status " + String.join(",", units));
    Map<String, ServiceStatus> result = new LinkedHashMap<>();
    units.forEach(u -> result.put(u, states.getOrDefault(host.target() + " " + u, ServiceStatus.ABSENT)));
    return result;
  }

  @Override
  public void daemonReload(Transport host) {
    operations.add(host.target() + " daemon-reload -");
  }

  @Override
  public boolean daemonReloadFor(Transport host, Collection<String> units) {
    if (!checksReloads) {
      return ServiceManager.super.daemonReloadFor(host, units);
    }
    operations.add(host.target() + " daemon-reload-for " + String.join(",", units));
    boolean loaded = units.stream().anyMatch(unit -> states.containsKey(host.target() + " " + unit));
    if (loaded) {
      daemonReload(host);
    }
    return loaded;
  }

  @Override
  public void enable(Transport host, String unit, boolean now) {
    operations.add(host.target() + (now ? " enable-now " : " enable ") + unit);
    if (now) {
      requireStartable(unit);
    }
    ServiceStatus old = states.getOrDefault(host.target() + " " + unit, ServiceStatus.ABSENT);
    states.put(host.target() + " " + unit, new ServiceStatus(now || old.active(), true));
  }

  @Override
  public void start(Transport host, String unit) {
    operations.add(host.target() + " start " + unit);
    requireStartable(unit);
    ServiceStatus old = states.getOrDefault(host.target() + " " + unit, ServiceStatus.ABSENT);
    states.put(host.target() + " " + unit, new ServiceStatus(true, old.enabled()));
  }

  @Override
  public void restart(Transport host, String unit) {
    operations.add(host.target() + " restart " + unit);
    requireStartable(unit);
  }

  @Override
  public List<String> journal(Transport host, String unit, int lines) {
    return List.of(unit + ": listen tcp 127.0.0.1:2379: bind: address already in use", unit + ": exiting");
  }

  private void requireStartable(String unit) {
    if (failingUnits.contains(unit)) {
      throw new IllegalStateException("Job for " + unit + " failed because the control process exited with error code.");
    }
  }
}
