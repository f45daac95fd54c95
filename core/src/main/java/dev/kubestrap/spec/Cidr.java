package dev.kubestrap.spec;

import java.math.BigInteger;
import java.net.InetAddress;

/**
 * An IPv4 network in CIDR notation, such as {@code 10.96.0.0/12}. Host bits must be zero; IPv6 is refused
 * (kubestrap builds IPv4 single-stack clusters).
 *
 * @param network the network address
 * @param prefixLength the number of network bits
 */
public record Cidr(InetAddress network, int prefixLength) {

  /**
   * Parses {@code value}; {@code field} names the setting in error messages.
   *
   * @throws InvalidSpecException if the value is not a CIDR or has host bits set
   */
  public static Cidr parse(String field, String value) {
    if (value == null) {
      throw new InvalidSpecException(field + " must not be null");
    }
    int slash = value.indexOf('/');
    if (slash < 0) {
      throw new InvalidSpecException(field + " is not a CIDR (address/prefix): '" + value + "'");
    }
    InetAddress address = IpAddresses.parse(field, value.substring(0, slash));
    int bits = address.getAddress().length * 8;
    int prefix;
    try {
      prefix = Integer.parseInt(value.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new InvalidSpecException(field + " has no numeric prefix length: '" + value + "'");
    }
    if (prefix < 0 || prefix > bits) {
      throw new InvalidSpecException(field + " has a prefix length outside 0-" + bits + ": '" + value + "'");
    }
    Cidr cidr = new Cidr(address, prefix);
    if (!cidr.hostPart(address).equals(BigInteger.ZERO)) {
      throw new InvalidSpecException(field + " has host bits set: '" + value + "' (network is "
          + cidr.masked(address).getHostAddress() + "/" + prefix + ")");
    }
    return cidr;
  }

  /** Whether {@code address} lies in this network (always false for the other address family). */
  public boolean contains(InetAddress address) {
    if (address.getAddress().length != network.getAddress().length) {
      return false;
    }
    return networkPart(address).equals(networkPart(network));
  }

  /** Whether the two networks share any address. */
  public boolean overlaps(Cidr other) {
    return contains(other.network) || other.contains(network);
  }

  /** The address {@code offset} positions after the network address (0 is the network address itself). */
  public InetAddress address(long offset) {
    BigInteger value = new BigInteger(1, network.getAddress()).add(BigInteger.valueOf(offset));
    if (offset < 0 || !BigInteger.valueOf(offset).shiftRight(bits() - prefixLength).equals(BigInteger.ZERO)) {
      throw new InvalidSpecException("offset " + offset + " is outside " + this);
    }
    return toAddress(value);
  }

  private InetAddress masked(InetAddress address) {
    BigInteger value = networkPart(address).shiftLeft(bits() - prefixLength);
    return toAddress(value);
  }

  private InetAddress toAddress(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] bytes = new byte[network.getAddress().length];
    int copy = Math.min(raw.length, bytes.length);
    System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
    return IpAddresses.byAddress("address", value.toString(), bytes);
  }

  private int bits() {
    return network.getAddress().length * 8;
  }

  private BigInteger networkPart(InetAddress address) {
    return new BigInteger(1, address.getAddress()).shiftRight(bits() - prefixLength);
  }

  private BigInteger hostPart(InetAddress address) {
    BigInteger mask = BigInteger.ONE.shiftLeft(bits() - prefixLength).subtract(BigInteger.ONE);
    return new BigInteger(1, address.getAddress()).and(mask);
  }

  /** The CIDR notation, e.g. {@code 10.96.0.0/12}. */
  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
