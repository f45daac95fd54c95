package dev.kubestrap.transport;

/** A file operation (put, get, sha256, mkdirs, remove, ...) failed on the host. */
public class RemoteFileException extends TransportFailure {
  private static final long serialVersionUID = 1L;

  private final String remotePath;

  public RemoteFileException(String target, String operation, String remotePath, String reason, Throwable cause) {
    super(target, operation + " " + remotePath, reason, cause);
    this.remotePath = remotePath;
  }

  public RemoteFileException(String target, String operation, String remotePath, String reason) {
    this(target, operation, remotePath, reason, null);
  }

  /** The path on the host the operation was about. */
  public String remotePath() {
    return remotePath;
  }
}
