package dev.kubestrap.sandbox;

import java.nio.file.Path;

/**
 * A host directory or file shown read-only inside every sandbox host.
 *
 * @param hostPath an absolute path on this machine
 * @param guestPath an absolute path inside the hosts
 */
record ReadOnlyBind(Path hostPath, String guestPath) {

  /** Validates both paths: absolute, and free of the {@code :} that separates them for nspawn. */
  static ReadOnlyBind of(Path hostPath, String guestPath) {
    if (hostPath == null || !hostPath.isAbsolute() || hostPath.toString().contains(":")) {
      throw new IllegalArgumentException(
          "bindReadOnly hostPath must be an absolute path without ':': " + hostPath);
    }
    if (guestPath == null || !guestPath.startsWith("/") || guestPath.contains(":")) {
      throw new IllegalArgumentException(
          "bindReadOnly guestPath must be an absolute path without ':': '" + guestPath + "'");
    }
    return new ReadOnlyBind(hostPath, guestPath);
  }

  /** The {@code systemd-nspawn} option that makes this bind. */
  String nspawnOption() {
    return "--bind-ro=" + hostPath + ":" + guestPath;
  }
}
