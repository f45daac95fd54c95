package dev.kubestrap.spec;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where kubelets, kube-proxies and the kubeconfigs kubestrap writes reach the Kubernetes API. One of:
 *
 * <ul>
 *   <li>{@link #controlPlaneHost()}: the first control-plane host's apiserver, directly. The default with one
 *       control-plane host; refused with more, since losing that host would cut every node off.
 *   <li>{@link #nodeLocal()}: a load balancer on every node, listening on {@code 127.0.0.1:}{@value
 *       #DEFAULT_NODE_LOCAL_PORT} and forwarding TCP to every apiserver that answers {@code /readyz} (haproxy from
 *       the host's distribution, see {@code docs/day-2.md}). The default with more than one control-plane host: it
 *       needs no machine or address outside the cluster. The workstation's kubeconfig names the first
 *       control-plane host.
 *   <li>{@link #loadBalancer(String, int)}: a load balancer the user runs, at an IP address or DNS name; it goes
 *       into every apiserver certificate and into every kubeconfig, the workstation's too.
 * </ul>
 *
 * @param kind which of the three
 * @param address the load balancer's IP or DNS name; {@code 127.0.0.1} for node-local; empty for a control-plane host
 * @param port the port clients connect to; 0 for a control-plane host (the spec's apiserver port)
 */
public record ApiEndpoint(Kind kind, String address, int port) {
  /** The port of the node-local load balancer unless set: not the apiserver's, which a control-plane node uses. */
  public static final int DEFAULT_NODE_LOCAL_PORT = 7443;

  private static final Pattern DNS_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** The three ways to reach the API. */
  public enum Kind {
    CONTROL_PLANE_HOST, NODE_LOCAL, LOAD_BALANCER
  }

  public ApiEndpoint {
    Objects.requireNonNull(kind, "apiEndpoint kind must not be null");
    Objects.requireNonNull(address, "apiEndpoint address must not be null");
    switch (kind) {
      case CONTROL_PLANE_HOST -> {
        if (!address.isEmpty() || port != 0) {
          throw new InvalidSpecException("apiEndpoint controlPlaneHost() takes no address or port: '" + address
              + "', " + port);
        }
      }
      case NODE_LOCAL -> {
        if (!address.equals("127.0.0.1")) {
          throw new InvalidSpecException("apiEndpoint nodeLocal() listens on 127.0.0.1, not: '" + address + "'");
        }
        requirePort(port);
      }
      case LOAD_BALANCER -> {
        requireAddress(address);
        requirePort(port);
      }
    }
  }

  /** The first control-plane host's apiserver, at the spec's apiserver port. */
  public static ApiEndpoint controlPlaneHost() {
    return new ApiEndpoint(Kind.CONTROL_PLANE_HOST, "", 0);
  }

  /** haproxy on every node at {@code 127.0.0.1:7443}. */
  public static ApiEndpoint nodeLocal() {
    return nodeLocal(DEFAULT_NODE_LOCAL_PORT);
  }

  /** haproxy on every node at {@code 127.0.0.1:port}. */
  public static ApiEndpoint nodeLocal(int port) {
    return new ApiEndpoint(Kind.NODE_LOCAL, "127.0.0.1", port);
  }

  /** A load balancer the user runs at {@code address} (an IP literal or a lowercase DNS name) and {@code port}. */
  public static ApiEndpoint loadBalancer(String address, int port) {
    return new ApiEndpoint(Kind.LOAD_BALANCER, address, port);
  }

  private static void requirePort(int port) {
    if (port < 1 || port > 65535) {
      throw new InvalidSpecException("apiEndpoint port is outside 1-65535: " + port);
    }
  }

  private static void requireAddress(String address) {
    if (address.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':')) {
      IpAddresses.requireUnicast("apiEndpoint address", IpAddresses.parse("apiEndpoint address", address));
    } else if (address.length() > 253 || !DNS_NAME.matcher(address).matches()) {
      throw new InvalidSpecException("apiEndpoint address is neither an IP address nor a lowercase DNS name: '"
          + address + "'");
    }
  }

  /** Whether the hosts run kubestrap's load balancer. */
  public boolean isNodeLocal() {
    return kind == Kind.NODE_LOCAL;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case CONTROL_PLANE_HOST -> "controlPlaneHost()";
      case NODE_LOCAL -> "nodeLocal(" + port + ")";
      case LOAD_BALANCER -> "loadBalancer(" + address + ":" + port + ")";
    };
  }
}
