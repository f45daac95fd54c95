package dev.kubestrap.spec;

/**
 * The port range for NodePort services, inclusive at both ends; default {@code 30000-32767}.
 *
 * @param first the lowest port, at least 1
 * @param last the highest port, at most 65535 and not below {@code first}
 */
public record NodePortRange(int first, int last) {

  /** The Kubernetes default, 30000-32767. */
  public static final NodePortRange DEFAULT = new NodePortRange(30000, 32767);

  public NodePortRange {
    if (first < 1 || first > 65535) {
      throw new InvalidSpecException("nodePortRange start is outside 1-65535: " + first + "-" + last);
    }
    if (last < 1 || last > 65535) {
      throw new InvalidSpecException("nodePortRange end is outside 1-65535: " + first + "-" + last);
    }
    if (last < first) {
      throw new InvalidSpecException("nodePortRange is out of order: " + first + "-" + last);
    }
  }

  /** Parses {@code first-last}, e.g. {@code 30000-32767}. */
  public static NodePortRange parse(String value) {
    String[] parts = value == null ? new String[0] : value.trim().split("-", -1);
    if (parts.length != 2) {
      throw new InvalidSpecException("nodePortRange is not first-last: '" + value + "'");
    }
    try {
      return new NodePortRange(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new InvalidSpecException("nodePortRange is not first-last: '" + value + "'");
    }
  }

  /** Whether {@code port} lies in the range. */
  public boolean contains(int port) {
    return port >= first && port <= last;
  }

  /** {@code first-last}, the form of {@code --service-node-port-range}. */
  @Override
  public String toString() {
    return first + "-" + last;
  }
}
