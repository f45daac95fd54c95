package dev.kubestrap.addons;

import dev.kubestrap.KubestrapException;

/**
 * Applying one add-on object failed. Carries the add-on and the object so that callers can report
 * or retry precisely; the message reads {@code "apply of Kind/namespace/name (addon x) failed:
 * reason"}.
 */
public final class AddonApplyException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  private final String addon;
  private final String object;

  AddonApplyException(String addon, String object, String reason, Throwable cause) {
    super("apply of " + object + " (addon " + addon + ") failed: " + reason, cause);
    this.addon = addon;
    this.object = object;
  }

  /** The add-on's name. */
  public String addon() {
    return addon;
  }

  /** The object as {@code Kind/namespace/name} or {@code Kind/name}. */
  public String object() {
    return object;
  }
}
