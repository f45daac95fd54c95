package dev.kubestrap.component;

import dev.kubestrap.KubestrapException;

/** A component cannot be rendered for a host (for example a flag the target version does not offer). */
public class ComponentException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  public ComponentException(String message) {
    super(message);
  }

  public ComponentException(String message, Throwable cause) {
    super(message, cause);
  }
}
