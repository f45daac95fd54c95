package dev.kubestrap.spec;

import java.net.InetAddress;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One machine of the cluster: its node name, its IP address and its roles.
 *
 * @param name the node name (a lowercase RFC 1123 subdomain such as {@code node-1} or {@code 10.1.0.16});
 *     also the etcd member name and the name in the node's certificates
 * @param address the IPv4 address other hosts reach it at: a unicast address (not 0.0.0.0, multicast or
 *     broadcast)
 * @param roles at least one role
 */
public record HostSpec(String name, InetAddress address, Set<Role> roles) {

  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public HostSpec {
    if (name == null || name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
      throw new InvalidSpecException("host name is not a lowercase RFC 1123 subdomain: '" + name + "'");
    }
    if (address == null) {
      throw new InvalidSpecException("host address of '" + name + "' must not be null");
    }
    IpAddresses.requireUnicast("host address of '" + name + "'", address);
    if (roles == null || roles.isEmpty()) {
      throw new InvalidSpecException("host roles of '" + name + "' must not be empty: " + roles);
    }
    roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
  }

  /** A host named {@code name} at the IP literal {@code address} with {@code roles}. */
  public static HostSpec of(String name, String address, Role... roles) {
    return new HostSpec(name, IpAddresses.parse("host address of '" + name + "'", address), Set.of(roles));
  }

  /** Whether the host has {@code role}. */
  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** The address as text, e.g. {@code 10.1.0.15}. */
  public String ip() {
    return address.getHostAddress();
  }
}
