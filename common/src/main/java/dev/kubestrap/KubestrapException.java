package dev.kubestrap;

/**
 * The root of every exception kubestrap throws. It is unchecked so that fluent chains, lambdas and
 * JShell sessions never need {@code try/catch}.
 *
 * <p>Messages follow one shape where a host is involved: {@code "<step> on <user@host:port> failed:
 * <reason>"}, followed by whatever helps (exit code, the tail of stderr, journal lines). Messages
 * never contain passwords, passphrases or key material.
 */
public class KubestrapException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KubestrapException(String message) {
    super(message);
  }

  public KubestrapException(String message, Throwable cause) {
    super(message, cause);
  }
}
