package dev.kubestrap.proxy;

import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 CIDR range of a {@code NO_PROXY} list, matched against a literal address. */
record Ipv4Range(long network, int prefix) {
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  static Optional<Ipv4Range> parse(String cidr) {
    int slash = cidr.indexOf('/');
    Optional<Long> address = address(cidr.substring(0, slash));
    try {
      int prefix = Integer.parseInt(cidr.substring(slash + 1));
      if (address.isEmpty() || prefix < 0 || prefix > 32) {
        return Optional.empty();
      }
      return Optional.of(new Ipv4Range(address.get() & mask(prefix), prefix));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  boolean contains(String host) {
    return address(host).map(a -> (a & mask(prefix)) == network).orElse(false);
  }

  private static long mask(int prefix) {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  private static Optional<Long> address(String text) {
    var m = IPV4.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    long value = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        return Optional.empty();
      }
      value = value << 8 | octet;
    }
    return Optional.of(value);
  }
}
