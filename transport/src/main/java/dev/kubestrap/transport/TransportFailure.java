package dev.kubestrap.transport;

import dev.kubestrap.KubestrapException;

/**
 * The root of every failure a {@link Transport} reports. The message always has the shape
 * {@code "<operation> on <target> failed: <reason>"}, where the target is {@code user@host:port} for SSH
 * and {@code local} (or {@code local:<root>}) for the local transport. Messages never contain
 * passwords, passphrases, key material or the arguments of a {@link Command#sensitive() sensitive}
 * command.
 */
public class TransportFailure extends KubestrapException {
  private static final long serialVersionUID = 1L;

  private final String target;
  private final String operation;
  private final String reason;

  protected TransportFailure(String target, String operation, String reason, Throwable cause) {
    super(operation + " on " + target + " failed: " + reason, cause);
    this.target = target;
    this.operation = operation;
    this.reason = reason;
  }

  /** The host this failure happened on, as {@link Transport#target()} names it. */
  public String target() {
    return target;
  }

  /** Why it failed: the part of the message after {@code "failed: "}. */
  public String reason() {
    return reason;
  }

  /** What was being done, e.g. {@code connect}, {@code put /etc/x}, {@code exec [systemctl start etcd]}. */
  public String operation() {
    return operation;
  }
}
