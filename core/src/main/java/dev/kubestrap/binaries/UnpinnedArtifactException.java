package dev.kubestrap.binaries;

/**
 * A release file has no pin: neither the caller nor kubestrap's tables know its digest, and a digest served by
 * the mirror is not trusted. Nothing was downloaded.
 */
public class UnpinnedArtifactException extends BinarySourceException {
  private static final long serialVersionUID = 1L;

  public UnpinnedArtifactException(String message) {
    super(message);
  }
}
