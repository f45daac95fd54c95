package dev.kubestrap.transport;

import java.util.Objects;

/**
 * The outcome of {@link Transport#put(byte[], String, FileMode) put}.
 *
 * @param remotePath the file that now holds the content
 * @param sha256 the lowercase hex SHA-256 of the content, verified on the host
 * @param bytesSent how many bytes travelled to be written ({@code 0} when skipped)
 * @param skipped true when the target already had this SHA-256 and was not written again (its mode and owner
 *     are still brought in line); over SSH a content of at most 64 KiB travels with the request, so it crossed
 *     the link even then, while a larger one is not sent at all
 */
public record PutResult(String remotePath, String sha256, long bytesSent, boolean skipped) {

  public PutResult {
    Objects.requireNonNull(remotePath, "remotePath");
    Objects.requireNonNull(sha256, "sha256");
    if (bytesSent < 0) {
      throw new IllegalArgumentException("bytesSent must not be negative: " + bytesSent);
    }
  }
}
