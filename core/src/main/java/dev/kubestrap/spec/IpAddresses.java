package dev.kubestrap.spec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses IP address literals without ever resolving a name. */
final class IpAddresses {

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpAddresses() {}

  /** The address written as {@code value}; {@code field} names the setting in the error message. */
  static InetAddress parse(String field, String value) {
    if (value == null) {
      throw new InvalidSpecException(field + " must not be null");
    }
    Matcher v4 = IPV4.matcher(value);
    if (v4.matches()) {
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(v4.group(i + 1));
        if (octet > 255) {
          throw notAnAddress(field, value);
        }
        bytes[i] = (byte) octet;
      }
      return byAddress(field, value, bytes);
    }
    if (value.contains(":") && IPV6.matcher(value).matches()) {
      try {
        return InetAddress.getByName(value); // a literal: no lookup happens
      } catch (UnknownHostException e) {
        throw notAnAddress(field, value);
      }
    }
    throw notAnAddress(field, value);
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
