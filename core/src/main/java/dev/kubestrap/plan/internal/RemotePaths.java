package dev.kubestrap.plan.internal;

/** Validation of the remote paths a plan names. */
public final class RemotePaths {
  private RemotePaths() {}

  /** Accepts an absolute, normalized Unix path without {@code ..} segments. */
  public static String requireAbsolute(String field, String path) {
    if (path == null || !path.startsWith("/") || path.length() < 2) {
      throw new IllegalArgumentException(field + " must be an absolute path: '" + path + "'");
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(field + " must be a normalized absolute path: '" + path + "'");
      }
    }
    return path;
  }

  public static String requireNonBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank: '" + value + "'");
    }
    return value;
  }
}
