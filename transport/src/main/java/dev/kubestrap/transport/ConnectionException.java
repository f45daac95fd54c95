package dev.kubestrap.transport;

/**
 * The connection to a host could not be made, was refused (host key, authentication) or was lost
 * while an operation ran. The operation that was running is named in the message.
 */
public class ConnectionException extends TransportFailure {
  private static final long serialVersionUID = 1L;

  public ConnectionException(String target, String operation, String reason, Throwable cause) {
    super(target, operation, reason, cause);
  }

  public ConnectionException(String target, String operation, String reason) {
    this(target, operation, reason, null);
  }
}
