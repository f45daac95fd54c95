package dev.kubestrap.apply.internal;

import dev.kubestrap.transport.FileMode;
import java.util.Objects;
import java.util.Optional;

/**
 * What a host has at one path: nothing, a directory, or a regular file with its digest.
 *
 * @param sha256 the digest of a regular file, empty for directories and missing paths
 * @param permissions the permission bits, {@code -1} when missing
 */
public record RemoteState(Kind kind, Optional<String> sha256, int permissions, String user, String group) {
  public enum Kind { MISSING, DIRECTORY, FILE, OTHER }

  public static final RemoteState MISSING = new RemoteState(Kind.MISSING, Optional.empty(), -1, "", "");

  public RemoteState {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(group, "group");
  }

  /** True when permissions match and, if the mode names an owner or group, those match too. */
  public boolean hasMode(FileMode mode) {
    return (permissions & 07777) == (mode.permissions() & 07777)
        && mode.owner().map(user::equals).orElse(true)
        && mode.group().map(group::equals).orElse(true);
  }

  public boolean isFileWith(String expectedSha256) {
    return kind == Kind.FILE && sha256.map(expectedSha256::equals).orElse(false);
  }
}
