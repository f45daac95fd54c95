package dev.kubestrap.examples.cluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's mirror serves the directory's files by their last path segment and leaves no thread behind. */
class LocalMirrorTest {
  @Test
  void servesFilesAndStopsItsThreadsOnClose(@TempDir Path directory) throws IOException {
    Files.writeString(directory.resolve("etcd-v3.6.4-linux-amd64.tar.gz"), "release bytes");
    URI base;
    try (LocalMirror mirror = new LocalMirror(directory, "127.0.0.1")) {
      base = mirror.base();
      HttpURLConnection found = open(base.resolve("v3.6.4/etcd-v3.6.4-linux-amd64.tar.gz"));
      assertThat(found.getResponseCode()).isEqualTo(200);
      try (InputStream in = found.getInputStream()) {
        assertThat(new String(in.readAllBytes())).isEqualTo("release bytes");
      }
      assertThat(open(base.resolve("v3.6.4/missing")).getResponseCode()).isEqualTo(404);
      assertThat(handlerThreads()).isPositive();
    }
    assertThat(handlerThreads()).isZero();
  }

  private static HttpURLConnection open(URI uri) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(5_000);
    return connection;
  }

  private static long handlerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(LocalMirror.THREAD_NAME) && thread.isAlive()).count();
  }
}
