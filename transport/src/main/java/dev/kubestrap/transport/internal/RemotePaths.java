package dev.kubestrap.transport.internal;

import java.util.Objects;

/** Checks and splits the absolute POSIX paths a transport accepts. */
public final class RemotePaths {
  private RemotePaths() {}

  /** Returns the path unchanged if it is absolute and sane, otherwise throws with the value. */
  public static String requireAbsolute(String remotePath) {
    Objects.requireNonNull(remotePath, "remotePath");
    if (!remotePath.startsWith("/")) {
      throw new IllegalArgumentException("remotePath must be absolute: '" + remotePath + "'");
    }
    if (remotePath.indexOf('\0') >= 0 || remotePath.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("remotePath must not contain NUL or newline: '" + remotePath + "'");
    }
    return remotePath;
  }

  /** Like {@link #requireAbsolute} and also refuses the root directory and paths ending in {@code /}. */
  public static String requireFile(String remotePath) {
    requireAbsolute(remotePath);
    String name = fileName(remotePath);
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("remotePath must name a file: '" + remotePath + "'");
    }
    return remotePath;
  }

  /** The directory part: {@code /etc/kubernetes} for {@code /etc/kubernetes/admin.conf}; {@code /} for {@code /x}. */
  public static String parent(String remotePath) {
    int slash = remotePath.lastIndexOf('/');
    return slash <= 0 ? "/" : remotePath.substring(0, slash);
  }

  /** The last path element. */
  public static String fileName(String remotePath) {
    return remotePath.substring(remotePath.lastIndexOf('/') + 1);
  }

  /** True for {@code /}, {@code //}, {@code /./} and the like: paths {@code remove} must never touch. */
  public static boolean isRoot(String remotePath) {
    return remotePath.replace("/.", "/").replaceAll("/+", "/").equals("/");
  }
}
