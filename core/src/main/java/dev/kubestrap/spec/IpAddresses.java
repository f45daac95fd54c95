package dev.kubestrap.spec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses IPv4 address literals without ever resolving a name. */
final class IpAddresses {

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.%]*:[0-9A-Fa-f:.%]*");

  private IpAddresses() {}

  /**
   * The IPv4 address written as {@code value}; {@code field} names the setting in the error message. An octet
   * with a leading zero ({@code 010}) is refused: some tools read it as octal, others as decimal. IPv6 is refused:
   * kubestrap builds IPv4 single-stack clusters.
   */
  static InetAddress parse(String field, String value) {
    if (value == null) {
      throw new InvalidSpecException(field + " must not be null");
    }
    Matcher v4 = IPV4.matcher(value);
    if (v4.matches()) {
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        String octet = v4.group(i + 1);
        if (octet.length() > 1 && octet.startsWith("0")) {
          throw new InvalidSpecException(field + " has an octet with a leading zero: '" + value + "' (some tools "
              + "read 010 as octal 8, others as decimal 10); write it without leading zeros");
        }
        int number = Integer.parseInt(octet);
        if (number > 255) {
          throw notAnAddress(field, value);
        }
        bytes[i] = (byte) number;
      }
      return byAddress(field, value, bytes);
    }
    if (IPV6.matcher(value).matches()) {
      throw new InvalidSpecException(field + " is an IPv6 address: '" + value
          + "' (kubestrap builds IPv4 single-stack clusters only)");
    }
    throw notAnAddress(field, value);
  }

  /**
   * An address other hosts can reach this one at: not 0.0.0.0/8 ("this network", 0.0.0.0 means every address),
   * not multicast (224.0.0.0/4), not reserved or the broadcast address (240.0.0.0/4, 255.255.255.255).
   */
  static void requireUnicast(String field, InetAddress address) {
    if (!(address instanceof Inet4Address)) {
      throw new InvalidSpecException(field + " is not an IPv4 address: '" + address.getHostAddress()
          + "' (kubestrap builds IPv4 single-stack clusters only)");
    }
    int first = address.getAddress()[0] & 0xff;
    String why = first == 0 ? "is in 0.0.0.0/8, which names this network (0.0.0.0: any address), not a host"
        : first >= 224 && first < 240 ? "is a multicast address (224.0.0.0/4)"
        : first >= 240 ? "is reserved or the broadcast address (240.0.0.0/4)"
        : null;
    if (why != null) {
      throw new InvalidSpecException(field + " " + why + ": '" + address.getHostAddress() + "'");
    }
  }

  static InetAddress byAddress(String field, String value, byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw notAnAddress(field, value);
    }
  }

  private static InvalidSpecException notAnAddress(String field, String value) {
    return new InvalidSpecException(field + " is not an IP address: '" + value + "'");
  }
}
