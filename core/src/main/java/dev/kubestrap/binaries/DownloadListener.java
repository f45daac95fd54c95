package dev.kubestrap.binaries;

/**
 * Receives download progress: one event when a download starts (0 bytes), one roughly every MiB
 * and one when it ends. Called on the downloading thread; keep it quick.
 */
@FunctionalInterface
public interface DownloadListener {
  /** Ignores every event; the default. */
  DownloadListener NONE = progress -> {};

  void onProgress(DownloadProgress progress);
}
