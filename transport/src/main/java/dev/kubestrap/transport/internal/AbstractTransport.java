package dev.kubestrap.transport.internal;

import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.Transport;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Funnels the three {@code put} overloads into one that sees an {@link UploadSource} whose size and
 * SHA-256 are already known.
 */
public abstract class AbstractTransport implements Transport {

  @Override
  public final PutResult put(byte[] content, String remotePath, FileMode mode) {
    try (UploadSource source = UploadSource.of(content)) {
      return put(source, remotePath, mode);
    }
  }

  @Override
  public final PutResult put(Path localFile, String remotePath, FileMode mode) {
    try (UploadSource source = UploadSource.of(localFile)) {
      return put(source, remotePath, mode);
    }
  }

  @Override
  public final PutResult put(InputStream content, String remotePath, FileMode mode) {
    try (UploadSource source = UploadSource.of(content)) {
      return put(source, remotePath, mode);
    }
  }

  /** Writes the source atomically to {@code remotePath}, skipping it when the target already matches. */
  protected abstract PutResult put(UploadSource source, String remotePath, FileMode mode);
}
