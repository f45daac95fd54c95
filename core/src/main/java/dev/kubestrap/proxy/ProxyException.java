package dev.kubestrap.proxy;

import dev.kubestrap.KubestrapException;

/** A proxy setting is wrong; the message names the field and the value. */
public class ProxyException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  public ProxyException(String message) {
    super(message);
  }

  public ProxyException(String message, Throwable cause) {
    super(message, cause);
  }
}
