package dev.kubestrap.plan;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of a host inside a plan, such as {@code master} or {@code node-1}. It is also the name of the
 * host's directory when a plan is written out, so it is restricted to letters, digits, dots, dashes and
 * underscores, and may not start with a dot.
 */
public record HostId(String name) implements Comparable<HostId> {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

  public HostId {
    Objects.requireNonNull(name, "name");
    if (!VALID.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "host name must be letters, digits, '.', '-' or '_' and not start with '.': '" + name + "'");
    }
  }

  public static HostId of(String name) {
    return new HostId(name);
  }

  @Override
  public int compareTo(HostId other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
