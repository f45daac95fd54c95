package dev.kubestrap.binaries;

import java.net.URI;

/** Progress of one download: bytes received so far and the total ({@code -1} when the server does not say). */
public record DownloadProgress(URI url, long bytesSoFar, long totalBytes) {
  public boolean done() {
    return totalBytes >= 0 && bytesSoFar >= totalBytes;
  }
}
