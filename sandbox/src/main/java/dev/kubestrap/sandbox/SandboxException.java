package dev.kubestrap.sandbox;

import dev.kubestrap.KubestrapException;

/** A sandbox could not be prepared, started, reached or cleaned up. */
public class SandboxException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  public SandboxException(String message) {
    super(message);
  }

  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
