package dev.kubestrap.preflight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one probe found on a host; see {@link HostProbe} for how each fact is read.
 *
 * @param hostname the kernel's host name
 * @param machineId {@code /etc/machine-id}, empty when missing
 * @param tools the probed programs found on the {@code PATH}
 * @param cgroupV2 whether {@code /sys/fs/cgroup} is a cgroup2 file system (the unified hierarchy)
 * @param activeSwap devices or files in {@code /proc/swaps}
 * @param bridgeNetfilter whether {@code /proc/sys/net/bridge} exists (br_netfilter loaded or built in)
 * @param overlayFs whether the kernel knows the {@code overlay} file system
 * @param addresses the host's local IPv4 addresses
 * @param listeners listening TCP ports asked about, with the program holding each (empty when unknown)
 * @param packagedUnits unit files of the probed names shipped by a package (not in {@code /etc/systemd/system}),
 *     with their state
 * @param ownUnits probed unit names that have a unit file in {@code /etc/systemd/system}
 * @param resolvedStub whether {@code /etc/resolv.conf} points at systemd-resolved's stub 127.0.0.53 and its
 *     upstream file exists
 */
public record HostFacts(String hostname, String machineId, Set<String> tools, boolean cgroupV2,
    List<String> activeSwap, boolean bridgeNetfilter, boolean overlayFs, Set<String> addresses,
    Map<Integer, Optional<String>> listeners, Map<String, PackagedUnit> packagedUnits, Set<String> ownUnits,
    boolean resolvedStub) {

  /** A unit file a package installed, e.g. Debian's {@code /lib/systemd/system/etcd.service}. */
  public record PackagedUnit(String name, String path, boolean enabled, boolean active, Optional<String> pkg) {}

  public HostFacts {
    tools = Set.copyOf(tools);
    activeSwap = List.copyOf(activeSwap);
    addresses = Set.copyOf(addresses);
    listeners = Map.copyOf(listeners);
    packagedUnits = Map.copyOf(packagedUnits);
    ownUnits = Set.copyOf(ownUnits);
  }

  /** Parses the probe's output: one fact per line, a keyword first; unknown lines are ignored. */
  public static HostFacts parse(String output) {
    String hostname = "";
    String machineId = "";
    Set<String> tools = new LinkedHashSet<>();
    boolean cgroupV2 = false;
    List<String> swap = new ArrayList<>();
    boolean bridge = false;
    boolean overlay = false;
    Set<String> addresses = new LinkedHashSet<>();
    Map<Integer, Optional<String>> listeners = new LinkedHashMap<>();
    Map<String, PackagedUnit> packaged = new LinkedHashMap<>();
    Set<String> own = new LinkedHashSet<>();
    boolean resolvedStub = false;
    String lastTrieAddress = null;
    for (String line : output.split("\n")) {
      String[] words = line.strip().split("\\s+");
      if (line.contains("|-- ")) {
        lastTrieAddress = line.substring(line.indexOf("|-- ") + 4).strip();
        continue;
      }
      if (line.strip().equals("/32 host LOCAL") && lastTrieAddress != null) {
        addresses.add(lastTrieAddress);
        continue;
      }
      switch (words[0]) {
        case "hostname" -> hostname = rest(words);
        case "machine-id" -> machineId = rest(words);
        case "tool" -> tools.add(rest(words));
        case "cgroup" -> cgroupV2 = rest(words).equals("cgroup2fs");
        case "swap" -> swap.add(rest(words));
        case "bridge-netfilter" -> bridge = true;
        case "overlayfs" -> overlay = true;
        case "listen" -> listeners.put(Integer.parseInt(words[1]),
            words.length > 2 ? Optional.of(String.join(" ", List.of(words).subList(2, words.length))) : Optional.empty());
        case "packaged" -> packaged.put(words[1], new PackagedUnit(words[1], words[2], words[3].equals("enabled"),
            words[4].equals("active"), words.length > 5 && !words[5].isEmpty() ? Optional.of(words[5]) : Optional.empty()));
        case "own" -> own.add(rest(words));
        case "resolved-stub" -> resolvedStub = true;
        default -> { }
      }
    }
    return new HostFacts(hostname, machineId, tools, cgroupV2, swap, bridge, overlay, addresses, listeners, packaged,
        own, resolvedStub);
  }

  private static String rest(String[] words) {
    return words.length < 2 ? "" : String.join(" ", List.of(words).subList(1, words.length));
  }

  public boolean has(String tool) {
    return tools.contains(tool);
  }
}
