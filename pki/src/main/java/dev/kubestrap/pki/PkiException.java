package dev.kubestrap.pki;

import dev.kubestrap.KubestrapException;

/**
 * Thrown when key material, a certificate or a PKI store cannot be made, read or trusted. The
 * message names the field or the source and the offending value; it never contains key material.
 */
public class PkiException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  public PkiException(String message) {
    super(message);
  }

  public PkiException(String message, Throwable cause) {
    super(message, cause);
  }
}
