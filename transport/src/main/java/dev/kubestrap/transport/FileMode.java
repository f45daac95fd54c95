package dev.kubestrap.transport;

import java.util.Objects;
import java.util.Optional;

/**
 * The permission bits, and optionally the owner and group, a file or directory gets on the host.
 * Immutable: {@link #owner(String, String)} returns a copy.
 *
 * <p>Without an owner the file keeps whatever owner the transport creates it with (the SSH user, or
 * root through sudo; the current user locally).
 *
 * <pre>{@code
 * FileMode.of(0600)                      // rw-------
 * FileMode.of(0644).owner("root", "root")
 * FileMode.PRIVATE                       // 0600
 * }</pre>
 */
public final class FileMode {
  /** {@code 0600}: readable and writable by the owner only (keys, tokens). */
  public static final FileMode PRIVATE = of(0600);
  /** {@code 0644}: world-readable file (certificates, configuration). */
  public static final FileMode PUBLIC = of(0644);
  /** {@code 0755}: executable file (binaries, scripts). */
  public static final FileMode EXECUTABLE = of(0755);
  /** {@code 0755}: directory. */
  public static final FileMode DIRECTORY = of(0755);

  private final int permissions;
  private final String owner;
  private final String group;

  private FileMode(int permissions, String owner, String group) {
    this.permissions = permissions;
    this.owner = owner;
    this.group = group;
  }

  /**
   * Permission bits as an octal literal, e.g. {@code 0640}. Only the low twelve bits (including setuid,
   * setgid and sticky) are allowed.
   */
  public static FileMode of(int permissions) {
    if (permissions < 0 || permissions > 07777) {
      throw new IllegalArgumentException(
          "permissions must be between 0000 and 07777: 0" + Integer.toOctalString(permissions));
    }
    return new FileMode(permissions, null, null);
  }

  /** A copy that also sets owner and group (names as known on the host, e.g. {@code "etcd", "etcd"}). */
  public FileMode owner(String owner, String group) {
    return new FileMode(permissions, requireName("owner", owner), requireName("group", group));
  }

  /** A copy that sets only the owner; the group is left as created. */
  public FileMode owner(String owner) {
    return new FileMode(permissions, requireName("owner", owner), null);
  }

  /** The permission bits, e.g. {@code 0644} (decimal 420). */
  public int permissions() {
    return permissions;
  }

  /** The permission bits as four octal digits, e.g. {@code "0644"}. */
  public String octal() {
    return String.format("%04o", permissions);
  }

  public Optional<String> owner() {
    return Optional.ofNullable(owner);
  }

  public Optional<String> group() {
    return Optional.ofNullable(group);
  }

  /**
   * The argument for {@code chown}: {@code "owner"}, {@code "owner:group"}, or empty when no owner was
   * asked for.
   */
  public String chownSpec() {
    if (owner == null) {
      return "";
    }
    return group == null ? owner : owner + ":" + group;
  }

  private static String requireName(String field, String name) {
    Objects.requireNonNull(name, field);
    if (!name.matches("[A-Za-z0-9_.][A-Za-z0-9_.-]*\\$?")) {
      throw new IllegalArgumentException(field + " must be a user or group name: '" + name + "'");
    }
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileMode other
        && permissions == other.permissions
        && Objects.equals(owner, other.owner)
        && Objects.equals(group, other.group);
  }

  @Override
  public int hashCode() {
    return Objects.hash(permissions, owner, group);
  }

  @Override
  public String toString() {
    String spec = chownSpec();
    return spec.isEmpty() ? octal() : octal() + " " + spec;
  }
}
