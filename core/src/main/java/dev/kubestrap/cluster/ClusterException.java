package dev.kubestrap.cluster;

import dev.kubestrap.KubestrapException;

/**
 * A cluster operation failed outside a single host action: a bad builder input (naming the field and value),
 * the local state directory, or the API objects of cluster RBAC and add-ons. Host action failures are
 * {@link dev.kubestrap.apply.ApplyException}s; spec errors are {@link dev.kubestrap.spec.InvalidSpecException}s.
 */
public class ClusterException extends KubestrapException {
  private static final long serialVersionUID = 1L;

  public ClusterException(String message) {
    super(message);
  }

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
