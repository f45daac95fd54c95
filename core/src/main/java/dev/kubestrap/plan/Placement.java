package dev.kubestrap.plan;

import dev.kubestrap.transport.FileMode;

/**
 * An action that places a file with known content at a remote path: a {@link PutFile}, a
 * {@link PutBinary} or an {@link InstallUnit}. The executor compares the remote SHA-256 with
 * {@link #sha256()} and sends the content only when they differ.
 */
public sealed interface Placement extends Action permits PutFile, PutBinary, InstallUnit {
  /** The absolute remote path. */
  String path();

  /** The SHA-256 of the content, lowercase hex. */
  String sha256();

  /** Permissions and ownership of the remote file. */
  FileMode mode();

  @Override
  default String subject() {
    return path();
  }
}
