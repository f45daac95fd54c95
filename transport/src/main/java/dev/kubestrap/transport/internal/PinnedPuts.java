package dev.kubestrap.transport.internal;

import dev.kubestrap.transport.RemoteFileException;
import java.nio.file.Path;

/** The checks and failures that every implementation of {@code Transport.putPinned} shares. */
public final class PinnedPuts {
  private PinnedPuts() {}

  /** @throws IllegalArgumentException when {@code sha256} is not 64 lowercase hex digits, naming it */
  public static void requireSha256(String sha256) {
    if (!Sha256.isHex(sha256)) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits: '" + sha256 + "'");
    }
  }

  /** The local file {@code localFile} holds {@code actual}, not the pinned {@code pinned}. */
  public static RemoteFileException differs(String target, String remotePath, Path localFile, String pinned,
      String actual) {
    return new RemoteFileException(target, "put", remotePath,
        "the local file " + localFile + " has sha256 " + actual + ", not the pinned " + pinned);
  }
}
