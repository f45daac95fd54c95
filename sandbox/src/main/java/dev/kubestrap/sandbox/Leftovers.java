package dev.kubestrap.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what sandboxes whose process died left behind, and removes it: nspawn processes and
 * container inits, bridges, veths and per-host copies. Everything a sandbox creates carries its
 * six-hex-digit id in its name ({@code ksbr-<id>}, {@code ks<id>-<n>}, {@code vb-ks<id>-<n>},
 * {@code <workDir>/<id>}), and a sandbox is alive exactly while it holds its registry lock.
 */
final class Leftovers {
  static final Pattern BRIDGE = Pattern.compile("ksbr-([0-9a-f]{6})");
  static final Pattern VETH = Pattern.compile("vb-ks([0-9a-f]{6})-\\d+");
  static final Pattern MACHINE = Pattern.compile("ks([0-9a-f]{6})-\\d+");
  static final Pattern DIRECTORY = Pattern.compile("[0-9a-f]{6}");
  private static final Pattern MACHINE_ARGUMENT = Pattern.compile("--machine=(ks[0-9a-f]{6}-\\d+)");
  private static final Path NSPAWN_PROPAGATE = Path.of("/run/systemd/nspawn/propagate");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

  private final SandboxRegistry registry;
  private final String ip;
  private final List<String> removed = new ArrayList<>();

  Leftovers(SandboxRegistry registry, String ip) {
    this.registry = registry;
    this.ip = ip;
  }

  /** Cleans every dead sandbox; returns a line per thing removed. */
  List<String> clean(Path workDir) {
    Set<Path> workDirs = new LinkedHashSet<>(List.of(workDir));
    for (SandboxRegistry.Claim claim : registry.claimAbandoned()) {
      try (claim) {
        Properties state = claim.load();
        Optional.ofNullable(state.getProperty("directory")).map(Path::of)
            .map(Path::getParent).ifPresent(workDirs::add);
        cleanRecorded(claim.id(), state);
      }
    }
    stopUnrecordedMachines();
    for (String link : NetworkInventory.read(ip).linkNames()) {
      deadId(link, BRIDGE, VETH).ifPresent(id -> {
        Bridge.deleteLink(ip, link);
        removed.add("link " + link);
      });
    }
    for (Path directory : workDirs) {
      for (Path child : children(directory)) {
        if (DIRECTORY.matcher(child.getFileName().toString()).matches()
            && !registry.isLive(child.getFileName().toString())) {
          FileTrees.deleteRecursively(child);
          removed.add("directory " + child);
        }
      }
    }
    for (Path propagate : children(NSPAWN_PROPAGATE)) {
      deadId(propagate.getFileName().toString(), MACHINE).ifPresent(id -> {
        FileTrees.deleteRecursively(propagate);
        removed.add("directory " + propagate);
      });
    }
    removed.forEach(item -> LOG.info("removed sandbox leftover: {}", item));
    return List.copyOf(removed);
  }

  private void cleanRecorded(String id, Properties state) {
    for (String machineName : state.getProperty("machines", "").split(",")) {
      if (machineName.isBlank()) {
        continue;
      }
      Optional<NspawnMachine.ProcessId> nspawn = processId(state, machineName + ".nspawn");
      Optional<NspawnMachine.ProcessId> leader = processId(state, machineName + ".leader");
      if (nspawn.flatMap(NspawnMachine.ProcessId::live).isPresent()
          || leader.flatMap(NspawnMachine.ProcessId::live).isPresent()) {
        new NspawnMachine(machineName, nspawn.orElse(null), leader.orElse(null)).stop(STOP_TIMEOUT);
        removed.add("machine " + machineName + " of sandbox " + id);
      }
      String cgroups = state.getProperty(machineName + ".cgroups", "");
      if (!cgroups.isBlank()) {
        HostCgroups recorded = new HostCgroups(Stream.of(cgroups.split(",")).map(Path::of).toList());
        if (recorded.directories().stream().anyMatch(Files::isDirectory)) {
          recorded.remove().forEach(failure -> LOG.warn("cgroup of sandbox {} left behind: {}", id, failure));
          removed.add("cgroups of machine " + machineName + " of sandbox " + id);
        }
      }
    }
    String bridge = state.getProperty("bridge");
    if (bridge != null && Bridge.exists(ip, bridge)) {
      Bridge.deleteLink(ip, bridge);
      removed.add("bridge " + bridge + " of sandbox " + id);
    }
    String directory = state.getProperty("directory");
    if (directory != null && Files.exists(Path.of(directory))) {
      FileTrees.deleteRecursively(Path.of(directory));
      removed.add("directory " + directory);
    }
  }

  /** nspawn processes of dead sandboxes that died before recording them. */
  private void stopUnrecordedMachines() {
    ProcessHandle.allProcesses()
        .filter(process -> process.info().command().orElse("").endsWith("systemd-nspawn"))
        .forEach(process -> {
          String arguments = String.join(" ", process.info().arguments().orElse(new String[0]));
          Matcher machine = MACHINE_ARGUMENT.matcher(arguments);
          if (machine.find() && deadId(machine.group(1), MACHINE).isPresent()) {
            NspawnMachine.ProcessId nspawn = NspawnMachine.ProcessId.of(process);
            NspawnMachine.ProcessId leader = process.children().findFirst()
                .map(NspawnMachine.ProcessId::of).orElse(null);
            new NspawnMachine(machine.group(1), nspawn, leader).stop(STOP_TIMEOUT);
            removed.add("machine " + machine.group(1) + " (nspawn pid " + process.pid() + ")");
          }
        });
  }

  private Optional<String> deadId(String name, Pattern... patterns) {
    for (Pattern pattern : patterns) {
      Matcher matcher = pattern.matcher(name);
      if (matcher.matches()) {
        return registry.isLive(matcher.group(1)) ? Optional.empty() : Optional.of(matcher.group(1));
      }
    }
    return Optional.empty();
  }

  private static List<Path> children(Path directory) {
    List<Path> children = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return children;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      entries.forEach(children::add);
    } catch (IOException e) {
      throw new SandboxException("listing " + directory + " failed: " + e.getMessage(), e);
    }
    return children;
  }

  private static Optional<NspawnMachine.ProcessId> processId(Properties state, String key) {
    String pid = state.getProperty(key + ".pid");
    String started = state.getProperty(key + ".started");
    if (pid == null || started == null) {
      return Optional.empty();
    }
    return Optional.of(new NspawnMachine.ProcessId(Long.parseLong(pid),
        java.time.Instant.ofEpochMilli(Long.parseLong(started))));
  }
}
