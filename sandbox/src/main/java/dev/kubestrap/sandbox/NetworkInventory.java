package dev.kubestrap.sandbox;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IPv4 addresses, routes and links present on this machine, read with {@code ip -j}, so that a
 * sandbox never takes a range the machine already uses.
 */
final class NetworkInventory {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Something on the machine that occupies an address range. */
  record InUse(AddressRange range, String description) {}

  private final List<InUse> inUse;
  private final List<String> linkNames;

  NetworkInventory(List<InUse> inUse, List<String> linkNames) {
    this.inUse = List.copyOf(inUse);
    this.linkNames = List.copyOf(linkNames);
  }

  static NetworkInventory read(String ip) {
    List<InUse> inUse = new ArrayList<>();
    for (JsonNode link : json(ip, "-j", "-4", "addr", "show")) {
      for (JsonNode info : link.path("addr_info")) {
        String local = info.path("local").asString("");
        int prefix = info.path("prefixlen").asInt(32);
        inUse.add(new InUse(AddressRange.containing(local, prefix),
            "address " + local + "/" + prefix + " on " + link.path("ifname").asString("")));
      }
    }
    for (JsonNode route : json(ip, "-j", "-4", "route", "show", "table", "all")) {
      String destination = route.path("dst").asString("");
      // The default route covers every address; it says nothing about what is in use.
      if (destination.isEmpty() || destination.equals("default")) {
        continue;
      }
      int slash = destination.indexOf('/');
      String address = slash < 0 ? destination : destination.substring(0, slash);
      int prefix = slash < 0 ? 32 : Integer.parseInt(destination.substring(slash + 1));
      String device = route.path("dev").asString("");
      inUse.add(new InUse(AddressRange.containing(address, prefix),
          "route " + destination + (device.isEmpty() ? "" : " via " + device)));
    }
    List<String> names = new ArrayList<>();
    for (JsonNode link : json(ip, "-j", "link", "show")) {
      names.add(link.path("ifname").asString(""));
    }
    return new NetworkInventory(inUse, names);
  }

  /** What on the machine overlaps {@code range}, described for an error message; empty if free. */
  List<String> conflictsWith(AddressRange range) {
    return inUse.stream()
        .filter(used -> used.range().overlaps(range))
        .map(InUse::description)
        .distinct()
        .toList();
  }

  List<String> linkNames() {
    return linkNames;
  }

  private static JsonNode json(String ip, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(ip);
    argv.addAll(List.of(args));
    String out = LocalCommand.run(java.time.Duration.ofSeconds(30), argv).orThrow().stdout();
    return JSON.readTree(out.isBlank() ? "[]" : out);
  }
}
