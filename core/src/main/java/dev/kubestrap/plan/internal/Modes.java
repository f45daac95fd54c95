package dev.kubestrap.plan.internal;

import dev.kubestrap.transport.FileMode;

/** Reads a {@link FileMode} the way plans print and record it. */
public final class Modes {
  private Modes() {}

  /** The permission bits as four octal digits, e.g. {@code 0600}. */
  public static String octal(FileMode mode) {
    return String.format("%04o", mode.permissions());
  }

  /** {@code user:group}, or {@code -} when the mode leaves ownership to the remote default. */
  public static String owner(FileMode mode) {
    return mode.owner().map(user -> user + ":" + mode.group().orElse(user)).orElse("-");
  }

  /** Adds the {@code mode} and {@code owner} attributes of a plan record. */
  public static void record(FileMode mode, java.util.Map<String, String> attributes) {
    attributes.put("mode", octal(mode));
    attributes.put("owner", owner(mode));
  }

  public static String describe(FileMode mode) {
    String owner = owner(mode);
    return owner.equals("-") ? octal(mode) : octal(mode) + " " + owner;
  }
}
