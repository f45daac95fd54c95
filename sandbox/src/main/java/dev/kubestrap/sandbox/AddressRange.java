package dev.kubestrap.sandbox;

/**
 * An IPv4 network in CIDR notation, such as {@code 198.18.0.0/24}. In a sandbox the first usable
 * address goes to the bridge and the following ones to the hosts, in order.
 *
 * @param network the network address as an unsigned 32-bit value
 * @param prefixLength 0 to 32
 */
public record AddressRange(int network, int prefixLength) {

  public AddressRange {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefixLength must be 0..32: " + prefixLength);
    }
    if ((network & ~mask(prefixLength)) != 0) {
      throw new IllegalArgumentException("address range has host bits set: "
          + format(network) + "/" + prefixLength);
    }
  }

  /** Parses {@code a.b.c.d/n}; a bare address means {@code /32}. */
  public static AddressRange parse(String cidr) {
    String text = cidr == null ? "" : cidr.strip();
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    int prefix;
    try {
      prefix = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address range is not a.b.c.d/n: '" + cidr + "'");
    }
    return new AddressRange(parseAddress(address, cidr), prefix);
  }

  /** The network that contains {@code address}, with the given prefix (host bits cleared). */
  public static AddressRange containing(String address, int prefixLength) {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefixLength must be 0..32: " + prefixLength);
    }
    return new AddressRange(parseAddress(address, address) & mask(prefixLength), prefixLength);
  }

  /** How many addresses the range holds, network and broadcast included. */
  public long size() {
    return 1L << (32 - prefixLength);
  }

  /** The address {@code offset} places after the network address, e.g. offset 1 → {@code .1}. */
  public String address(int offset) {
    if (offset < 0 || offset >= size()) {
      throw new IllegalArgumentException("offset " + offset + " is outside " + this);
    }
    return format(network + offset);
  }

  /** True when the two ranges share at least one address. */
  public boolean overlaps(AddressRange other) {
    int shorter = Math.min(prefixLength, other.prefixLength);
    return (network & mask(shorter)) == (other.network & mask(shorter));
  }

  /** The next range of the same size, or {@code null} past 255.255.255.255. */
  AddressRange next() {
    long following = Integer.toUnsignedLong(network) + size();
    return following > 0xFFFF_FFFFL ? null : new AddressRange((int) following, prefixLength);
  }

  @Override
  public String toString() {
    return format(network) + "/" + prefixLength;
  }

  private static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  private static int parseAddress(String address, String original) {
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("address range is not a.b.c.d/n: '" + original + "'");
    }
    int value = 0;
    for (String part : parts) {
      int octet;
      try {
        octet = Integer.parseInt(part);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("address range is not a.b.c.d/n: '" + original + "'");
      }
      if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3) {
        throw new IllegalArgumentException("address range is not a.b.c.d/n: '" + original + "'");
      }
      value = value << 8 | octet;
    }
    return value;
  }

  private static String format(int address) {
    return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "."
        + (address & 0xFF);
  }
}
