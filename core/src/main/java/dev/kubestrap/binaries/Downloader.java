package dev.kubestrap.binaries;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import dev.kubestrap.proxy.HttpProxy;

/**
 * Fetches over HTTP(S) with {@link HttpClient}, following redirects (GitHub releases redirect) but never from
 * HTTPS to HTTP, or copies from a {@code file:} URL. The client, and its selector thread, is only made when
 * something is actually fetched over the network.
 */
final class Downloader {
  private static final long PROGRESS_STEP = 1 << 20;

  private final Duration connectTimeout;
  private final Duration timeout;
  private final DownloadListener listener;
  private final Optional<HttpProxy> proxy;
  private HttpClient client;

  Downloader(Duration connectTimeout, Duration timeout, DownloadListener listener, Optional<HttpProxy> proxy) {
    this.connectTimeout = connectTimeout;
    this.timeout = timeout;
    this.listener = listener;
    this.proxy = proxy;
  }

  private record Body(InputStream in, long length) {}

  private HttpClient client() {
    if (client == null) {
      HttpClient.Builder builder = HttpClient.newBuilder()
          .connectTimeout(connectTimeout)
          .followRedirects(HttpClient.Redirect.NORMAL);
      proxy.ifPresent(p -> builder.proxy(p.selector()));
      client = builder.build();
    }
    return client;
  }

  /** Streams {@code url} into {@code file}, reporting progress; returns the digests of what was written. */
  Sha256.FileDigests download(URI url, Path file) {
    Body body = open(url);
    long total = body.length();
    Sha256.Hasher hasher = new Sha256.Hasher();
    long received = 0;
    long reported = 0;
    listener.onProgress(new DownloadProgress(url, 0, total));
    try (InputStream in = body.in(); OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        hasher.update(buffer, n);
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
    return hasher.done();
  }

  private Body open(URI url) {
    if ("file".equalsIgnoreCase(url.getScheme())) {
      Path path = Path.of(url);
      try {
        return new Body(Files.newInputStream(path), Files.size(path));
      } catch (NoSuchFileException e) {
        throw new BinarySourceException("download of " + url + " failed: no such file " + path);
      } catch (IOException e) {
        throw new BinarySourceException("download of " + url + " failed: " + e, e);
      }
    }
    HttpResponse<InputStream> response = send(url);
    return new Body(response.body(), response.headers().firstValueAsLong("Content-Length").orElse(-1));
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
