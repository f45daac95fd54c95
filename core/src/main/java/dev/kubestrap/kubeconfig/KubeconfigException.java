package dev.kubestrap.kubeconfig;

import dev.kubestrap.KubestrapException;

/** A kubeconfig could not be read, parsed or written. The message never quotes file content. */
public class KubeconfigException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  public KubeconfigException(String message) {
    super(message);
  }

  public KubeconfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
