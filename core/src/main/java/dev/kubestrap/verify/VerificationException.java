package dev.kubestrap.verify;

import dev.kubestrap.KubestrapException;

/** Verification of a cluster could not go on, for example because a smoke-test pod name is taken. */
public class VerificationException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  public VerificationException(String message) {
    super(message);
  }

  public VerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
