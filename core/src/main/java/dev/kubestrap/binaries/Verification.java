package dev.kubestrap.binaries;

/** How the digest of a resolved artifact was established. */
public enum Verification {
  /** Matched a {@link Pin}: kubestrap's tables or the caller's {@code pin(...)}. */
  PINNED,
  /**
   * Matched the digest in the {@link BuildManifest} of a directory of programs built from their Go
   * modules: what was built, not the official release files.
   */
  BUILT_FROM_SOURCE,
  /** Matched the {@code <file>.sha256} beside it in a local {@link DirectorySource} (never used for downloads). */
  PUBLISHED_DIGEST,
  /**
   * Nothing pinned it: the sha256 was computed and reported, not checked (a local directory without digests, or a
   * download accepted with {@link DownloadSource#allowUnpinned()}).
   */
  COMPUTED_ONLY,
  /** The binaries are already installed on the target host; nothing is sent. */
  ON_HOST
}
