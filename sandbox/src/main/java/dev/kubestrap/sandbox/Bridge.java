package dev.kubestrap.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Linux bridge the hosts' veths join; it carries the first address of the range. */
final class Bridge {
  private Bridge() {}

  /**
   * {@code ip link add name <bridge> type bridge}, {@code ip addr add <.1>/<prefix> dev <bridge>},
   * {@code ip link set <bridge> up}.
   */
  static void create(String ip, String name, AddressRange range) {
    LocalCommand.run(ip, "link", "add", "name", name, "type", "bridge").orThrow();
    // IPv4 only: no IPv6 link-local chatter leaves the machine's own bridge.
    disableIpv6(name);
    LocalCommand.run(ip, "addr", "add", range.address(1) + "/" + range.prefixLength(), "dev", name)
        .orThrow();
    LocalCommand.run(ip, "link", "set", name, "up").orThrow();
  }

  /** {@code ip link del <name>}; a link that is already gone is not an error. */
  static void deleteLink(String ip, String name) {
    if (exists(ip, name)) {
      LocalCommand.Result result = LocalCommand.run(ip, "link", "del", name);
      if (!result.ok() && exists(ip, name)) {
        result.orThrow();
      }
    }
  }

  static boolean exists(String ip, String name) {
    return LocalCommand.run(ip, "link", "show", "dev", name).ok();
  }

  private static void disableIpv6(String name) {
    Path setting = Path.of("/proc/sys/net/ipv6/conf", name, "disable_ipv6");
    if (Files.exists(setting)) {
      try {
        Files.writeString(setting, "1");
      } catch (IOException e) {
        // IPv6 may be locked down on this machine; the sandbox itself only uses IPv4.
      }
    }
  }
}
