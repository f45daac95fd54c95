package dev.kubestrap.reference;

import dev.kubestrap.KubestrapException;

/** Thrown when a bundled reference list is missing, unreadable or malformed, or has no entry for a request. */
public class ReferenceDataException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  public ReferenceDataException(String message) {
    super(message);
  }

  public ReferenceDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
