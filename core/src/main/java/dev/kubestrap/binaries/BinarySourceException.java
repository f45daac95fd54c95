package dev.kubestrap.binaries;

import dev.kubestrap.KubestrapException;

/** A binary could not be found, downloaded, verified or unpacked. */
public class BinarySourceException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  public BinarySourceException(String message) {
    super(message);
  }

  public BinarySourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
