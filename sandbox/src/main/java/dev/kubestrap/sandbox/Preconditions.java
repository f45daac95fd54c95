package dev.kubestrap.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks, before anything on the machine is changed, that a sandbox can run here: Linux, root,
 * the tools it drives, a free address range and bridge name.
 */
final class Preconditions {

  /** What the checks read from the machine; tests substitute their own. */
  record Machine(String osName, long uid, Function<String, Optional<String>> tools,
      Supplier<NetworkInventory> network) {

    static Machine current() {
      return new Machine(System.getProperty("os.name", "unknown"), currentUid(), Tools::find,
          () -> NetworkInventory.read(Tools.find("ip").orElse("ip")));
    }
  }

  private Preconditions() {}

  /** Every failed precondition, each a complete sentence; empty when the sandbox can start. */
  static List<String> check(SandboxSpec spec, Supplier<RootfsCache> caches, Machine machine) {
    List<String> problems = new ArrayList<>();
    if (!machine.osName().equals("Linux")) {
      problems.add("the sandbox needs Linux (it runs systemd-nspawn); this machine runs "
          + machine.osName());
      return problems;
    }
    if (machine.uid() != 0) {
      problems.add("the sandbox needs root (it creates a bridge and runs systemd-nspawn); this"
          + " process runs as uid " + machine.uid());
    }
    RootfsCache cache = caches.get();
    requireTool(machine, "systemd-nspawn", "systemd-container", "", problems);
    boolean hasIp = requireTool(machine, "ip", "iproute2", "", problems);
    if (!cache.isBuilt()) {
      String why = " to build the root filesystem " + cache.directory();
      requireTool(machine, "debootstrap", "debootstrap", why, problems);
      requireTool(machine, "systemctl", "systemd", why, problems);
    }
    if (hasIp && problems.isEmpty()) {
      NetworkInventory network = machine.network().get();
      spec.addressRange().ifPresentOrElse(
          range -> rangeProblem(range, spec.hostNames().size(), network).ifPresent(problems::add),
          () -> {
            if (freeRange(network).isEmpty()) {
              problems.add("no free address range: every /27 from " + SandboxSpec.DEFAULT_RANGE
                  + " to " + SandboxSpec.LAST_DEFAULT_RANGE + " is in use on this machine");
            }
          });
      spec.bridgeName().filter(network.linkNames()::contains).ifPresent(name ->
          problems.add("bridge name " + name + " is already a link on this machine"));
    }
    return problems;
  }

  /** Why {@code range} cannot hold a sandbox of {@code hosts} hosts here, if it cannot. */
  static Optional<String> rangeProblem(AddressRange range, int hosts, NetworkInventory network) {
    long usable = range.size() - 3; // network, broadcast and the bridge's own address
    if (usable < hosts) {
      return Optional.of("address range " + range + " is too small for " + hosts
          + " hosts and the bridge");
    }
    List<String> conflicts = network.conflictsWith(range);
    if (!conflicts.isEmpty()) {
      return Optional.of("address range " + range + " is in use on this machine: "
          + String.join(", ", conflicts));
    }
    return Optional.empty();
  }

  /** The first /27 of 198.18.0.0/24 that nothing on the machine uses. */
  static Optional<AddressRange> freeRange(NetworkInventory network) {
    for (AddressRange range = SandboxSpec.DEFAULT_RANGE; range != null;
        range = range.equals(SandboxSpec.LAST_DEFAULT_RANGE) ? null : range.next()) {
      if (network.conflictsWith(range).isEmpty()) {
        return Optional.of(range);
      }
    }
    return Optional.empty();
  }

  private static boolean requireTool(Machine machine, String program, String debianPackage,
      String why, List<String> problems) {
    if (machine.tools().apply(program).isPresent()) {
      return true;
    }
    problems.add(program + " not found on PATH or in /usr/sbin, /usr/bin, /sbin, /bin" + why
        + " (Debian package: " + debianPackage + ")");
    return false;
  }

  private static long currentUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
