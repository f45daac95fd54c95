package dev.kubestrap.addons.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Validates IP addresses and CIDR blocks given as text, without any name lookup: only literals are
 * accepted.
 */
public final class Addresses {
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private Addresses() {}

  /** Returns {@code value} if it is an IPv4 or IPv6 literal; otherwise throws naming {@code field}. */
  public static String requireIp(String field, String value) {
    if (!isIp(value)) {
      throw new IllegalArgumentException(field + " must be an IP address: '" + value + "'");
    }
    return value;
  }

  /**
   * Returns {@code value} if it is {@code address/prefix} with an IP literal and a prefix length
   * that fits its family; otherwise throws naming {@code field}.
   */
  public static String requireCidr(String field, String value) {
    String[] parts = value == null ? new String[0] : value.split("/", -1);
    boolean valid = parts.length == 2 && isIp(parts[0]) && parts[1].matches("\\d{1,3}")
        && Integer.parseInt(parts[1]) <= (parts[0].contains(":") ? 128 : 32);
    if (!valid) {
      throw new IllegalArgumentException(field + " must be a CIDR block like 10.244.0.0/16: '" + value + "'");
    }
    return value;
  }

  private static boolean isIp(String value) {
    if (value == null) {
      return false;
    }
    if (IPV4.matcher(value).matches()) {
      return true;
    }
    if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
      return false;
    }
    try {
      // A literal containing ':' is parsed, never looked up.
      InetAddress.getByName(value);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
