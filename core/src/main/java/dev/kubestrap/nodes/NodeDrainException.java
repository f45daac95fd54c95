package dev.kubestrap.nodes;

import dev.kubestrap.KubestrapException;

/** A node could not be cordoned, drained, found Ready or deleted in time; the message says which pods held it. */
public final class NodeDrainException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  public NodeDrainException(String message) {
    super(message);
  }

  public NodeDrainException(String message, Throwable cause) {
    super(message, cause);
  }
}
