package dev.kubestrap.spec;

import dev.kubestrap.KubestrapException;

/** A cluster description that cannot be built; the message names the field and the offending value. */
public class InvalidSpecException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  public InvalidSpecException(String message) {
    super(message);
  }
}
