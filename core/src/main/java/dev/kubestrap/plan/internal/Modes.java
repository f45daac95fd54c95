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

  public static String describe(FileMode mode) {
    String owner = owner(mode);
    return owner.equals("-") ? octal(mode) : octal(mode) + " " + owner;
  }
}
