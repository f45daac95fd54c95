package dev.kubestrap.apply;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.Transport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link ServiceManager} for systemd: {@code systemctl} for control, {@code journalctl -u <unit>
 * --no-pager} for logs. The status of all units of a phase is read with one command.
 */
final class SystemdServiceManager implements ServiceManager {
  /** States in which a unit is running or on its way there, so a start would be redundant. */
  private static final Set<String> RUNNING = Set.of("active", "activating", "reloading");

  private static final String STATUS_SCRIPT =
      "for u do printf '%s %s %s\\n' \"$u\" \"$(systemctl is-active \"$u\" 2>/dev/null)\" "
          + "\"$(systemctl is-enabled \"$u\" 2>/dev/null)\"; done";

  @Override
  public Map<String, ServiceStatus> status(Transport host, Collection<String> units) {
    Map<String, ServiceStatus> statuses = new LinkedHashMap<>();
    if (units.isEmpty()) {
      return statuses;
    }
    ExecResult result = host.run(statusCommand(units).orElseThrow());
    for (String line : result.stdout().split("\n")) {
      String[] fields = line.trim().split(" ", -1);
      if (fields.length == 3 && units.contains(fields[0])) {
        statuses.put(fields[0], new ServiceStatus(RUNNING.contains(fields[1]), fields[2].equals("enabled")));
      }
    }
    for (String unit : units) {
      statuses.putIfAbsent(unit, ServiceStatus.ABSENT);
    }
    return statuses;
  }

  @Override
  public Optional<Command> statusCommand(Collection<String> units) {
    return units.isEmpty() ? Optional.empty() : Optional.of(Command.script(STATUS_SCRIPT, units.toArray(String[]::new)));
  }

  @Override
  public void daemonReload(Transport host) {
    host.run(Command.of("systemctl", "daemon-reload"));
  }

  @Override
  public void enable(Transport host, String unit, boolean now) {
    List<String> argv = new ArrayList<>(List.of("systemctl", "enable"));
    if (now) {
      argv.add("--now");
    }
    argv.add(unit);
    host.run(Command.of(argv));
  }

  @Override
  public void start(Transport host, String unit) {
    host.run(Command.of("systemctl", "start", unit));
  }

  @Override
  public void restart(Transport host, String unit) {
    host.run(Command.of("systemctl", "restart", unit));
  }

  @Override
  public List<String> journal(Transport host, String unit, int lines) {
    ExecResult result =
        host.exec(Command.of("journalctl", "-u", unit, "-n", Integer.toString(lines), "--no-pager"));
    if (!result.succeeded() || result.stdout().isBlank()) {
      return List.of();
    }
    return List.of(result.stdout().strip().split("\n"));
  }
}
