package dev.kubestrap.binaries;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * Fetches over HTTP(S) with {@link HttpClient}, following redirects (GitHub releases redirect). The
 * client, and its selector thread, is only made when something is actually fetched.
 */
final class Downloader {
  private static final long PROGRESS_STEP = 1 << 20;

  private final Duration connectTimeout;
  private final Duration timeout;
  private final DownloadListener listener;
  private HttpClient client;

  Downloader(Duration connectTimeout, Duration timeout, DownloadListener listener) {
    this.connectTimeout = connectTimeout;
    this.timeout = timeout;
    this.listener = listener;
  }

  private HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder()
          .connectTimeout(connectTimeout)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
    }
    return client;
  }

  /** A small text file, such as a published {@code .sha256}. */
  String text(URI url) {
    HttpResponse<InputStream> response = send(url);
    try (InputStream body = response.body()) {
      byte[] bytes = body.readNBytes(64 * 1024);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BinarySourceException("download of " + url + " failed: " + e, e);
    }
  }

  /** Streams {@code url} into {@code file}, reporting progress; returns the sha256 of what was written. */
  String download(URI url, Path file) {
    HttpResponse<InputStream> response = send(url);
    long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    MessageDigest digest = Sha256.digest();
    long received = 0;
    long reported = 0;
    listener.onProgress(new DownloadProgress(url, 0, total));
    try (InputStream body = response.body(); OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
        out.write(buffer, 0, n);
        digest.update(buffer, 0, n);
        received += n;
        if (received - reported >= PROGRESS_STEP) {
          listener.onProgress(new DownloadProgress(url, received, total));
          reported = received;
        }
      }
    } catch (IOException e) {
      throw new BinarySourceException("download of " + url + " failed after " + received + " bytes: " + e, e);
    }
    if (total >= 0 && received != total) {
      throw new BinarySourceException("download of " + url + " ended after " + received + " of " + total + " bytes");
    }
    if (reported != received || received == 0) {
      listener.onProgress(new DownloadProgress(url, received, total));
    }
    return Sha256.hex(digest);
  }

  private HttpResponse<InputStream> send(URI url) {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new BinarySourceException("download of " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BinarySourceException("download of " + url + " was interrupted", e);
    }
    if (response.statusCode() != 200) {
      try {
        response.body().close();
      } catch (IOException ignored) {
        // the status is the error worth reporting
      }
      throw new BinarySourceException("download of " + url + " failed: HTTP " + response.statusCode());
    }
    return response;
  }
}
