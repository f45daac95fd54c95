package dev.kubestrap.binaries;

/** How the digest of a resolved artifact was established. */
public enum Verification {
  /** Matched a sha256 pinned in kubestrap's table or by the caller. */
  PINNED,
  /**
   * Matched the digest in the {@link BuildManifest} of a directory of programs built from their Go
   * modules: what was built, not the official release files.
   */
  BUILT_FROM_SOURCE,
  /** Matched the {@code .sha256} file published beside the artifact. */
  PUBLISHED_DIGEST,
  /** No digest was known: the sha256 was computed and reported, not checked (local directories only). */
  COMPUTED_ONLY,
  /** The binaries are already installed on the target host; nothing is sent. */
  ON_HOST
}
