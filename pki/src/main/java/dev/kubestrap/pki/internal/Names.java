package dev.kubestrap.pki.internal;

import dev.kubestrap.pki.PkiException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Validation and normalisation of the names and addresses that end up in certificates. */
public final class Names {
  private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern LOWERCASE_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LOOKS_NUMERIC = Pattern.compile("[0-9.]+");

  private Names() {}

  /**
   * True for an IPv4 or IPv6 literal (no zone, no brackets, no prefix length): IPv4 as four decimal octets without
   * leading zeros (which some parsers read as octal), IPv6 as RFC 4291 (2.2) writes it.
   */
  public static boolean isIpAddress(String value) {
    return value != null && (isIpv4(value) || isIpv6(value));
  }

  private static boolean isIpv4(String value) {
    String[] octets = value.split("\\.", -1);
    if (octets.length != 4) {
      return false;
    }
    for (String octet : octets) {
      if (octet.isEmpty() || octet.length() > 3 || (octet.length() > 1 && octet.charAt(0) == '0')
          || !octet.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6(String value) {
    int gap = value.indexOf("::");
    if (gap >= 0 && value.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    String[] sides = gap < 0 ? new String[] {value} : new String[] {value.substring(0, gap), value.substring(gap + 2)};
    int groups = 0;
    for (int side = 0; side < sides.length; side++) {
      if (sides[side].isEmpty()) {
        continue;
      }
      String[] parts = sides[side].split(":", -1);
      for (int i = 0; i < parts.length; i++) {
        boolean last = side == sides.length - 1 && i == parts.length - 1;
        if (last && parts[i].contains(".")) {
          if (!isIpv4(parts[i])) {
            return false;
          }
          groups += 2;
        } else if (parts[i].isEmpty() || parts[i].length() > 4
            || !parts[i].chars().allMatch(c -> c < 0x80 && Character.digit(c, 16) >= 0)) {
          return false;
        } else {
          groups++;
        }
      }
    }
    return gap < 0 ? groups == 8 : groups <= 7;
  }

  /** True when the value is meant as an IP address: all digits and dots, or containing a colon. */
  public static boolean looksLikeIpAddress(String value) {
    return LOOKS_NUMERIC.matcher(value).matches() || value.contains(":");
  }

  /** Returns the canonical text of an IP literal, refusing anything else; {@code field} names the input. */
  public static String requireIpAddress(String field, String value) {
    if (!isIpAddress(value)) {
      throw new PkiException(field + " must be an IPv4 or IPv6 address: " + quote(value));
    }
    return canonicalIp(value);
  }

  /** The canonical text of a valid IP literal: {@code ::1} becomes {@code 0:0:0:0:0:0:0:1}. */
  public static String canonicalIp(String literal) {
    try {
      // A validated literal is parsed in place: InetAddress does no name lookup for it.
      return InetAddress.getByName(literal).getHostAddress();
    } catch (UnknownHostException e) {
      throw new PkiException("not an IP address: " + quote(literal), e);
    }
  }

  /** Checks an RFC 1123 DNS name for a subject alternative name; a leading {@code *.} wildcard is allowed. */
  public static String requireDnsName(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new PkiException(field + " must not be empty: " + quote(value));
    }
    if (value.endsWith(".")) {
      throw new PkiException(field + " must not end with a dot: " + quote(value));
    }
    if (value.length() > 253) {
      throw new PkiException(field + " is longer than 253 characters: " + quote(value));
    }
    String rest = value.startsWith("*.") ? value.substring(2) : value;
    for (String label : rest.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) {
        throw new PkiException(field + " is not a valid DNS name (label " + quote(label) + "): " + quote(value));
      }
    }
    return value;
  }

  /**
   * Checks a Kubernetes object name (node or etcd member): a lowercase RFC 1123 subdomain, which is also
   * safe inside a file name.
   */
  public static String requireObjectName(String field, String value) {
    if (value == null || value.length() > 253 || !LOWERCASE_SUBDOMAIN.matcher(value).matches()) {
      throw new PkiException(field + " must be a lowercase RFC 1123 name (a-z, 0-9, '-', '.'): " + quote(value));
    }
    return value;
  }

  /** The first usable address of a CIDR, as the Kubernetes service IP is chosen (network address + 1). */
  public static String firstAddress(String field, String cidr) {
    int slash = cidr == null ? -1 : cidr.indexOf('/');
    if (slash < 0) {
      throw new PkiException(field + " must be a CIDR like 10.96.0.0/12: " + quote(cidr));
    }
    String address = cidr.substring(0, slash);
    if (!isIpAddress(address)) {
      throw new PkiException(field + " has an invalid address: " + quote(cidr));
    }
    int prefix;
    try {
      prefix = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new PkiException(field + " has an invalid prefix length: " + quote(cidr), e);
    }
    try {
      byte[] bytes = InetAddress.getByName(address).getAddress();
      int width = bytes.length * 8;
      if (prefix < 1 || prefix > width - 2) {
        throw new PkiException(field + " prefix length must be between 1 and " + (width - 2) + ": " + quote(cidr));
      }
      BigInteger value = new BigInteger(1, bytes);
      BigInteger network = value.shiftRight(width - prefix).shiftLeft(width - prefix);
      byte[] first = toBytes(network.add(BigInteger.ONE), bytes.length);
      return InetAddress.getByAddress(first).getHostAddress();
    } catch (UnknownHostException e) {
      throw new PkiException(field + " has an invalid address: " + quote(cidr), e);
    }
  }

  private static byte[] toBytes(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }

  /** Quotes a user value for a message: {@code 'value'}, or {@code null}. */
  public static String quote(String value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
