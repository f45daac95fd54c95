package dev.kubestrap.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs a program on this machine, draining stdout and stderr concurrently, with a time limit. */
final class LocalCommand {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
  private static final ExecutorService STREAM_READERS = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "kubestrap-sandbox-stream");
    thread.setDaemon(true);
    return thread;
  });

  record Result(List<String> argv, int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    Result orThrow() {
      if (!ok()) {
        throw new SandboxException(
            "'" + String.join(" ", argv) + "' on localhost failed: exit code " + exitCode + ": "
                + tail(stderr.isBlank() ? stdout : stderr, 2000));
      }
      return this;
    }
  }

  private LocalCommand() {}

  static Result run(String... argv) {
    return run(DEFAULT_TIMEOUT, List.of(argv));
  }

  static Result run(Duration timeout, List<String> argv) {
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(
          new java.io.File("/dev/null"))).start();
    } catch (IOException e) {
      throw new SandboxException("'" + String.join(" ", argv) + "' on localhost failed: "
          + e.getMessage(), e);
    }
    CompletableFuture<String> stdout = readAsync(process.getInputStream());
    CompletableFuture<String> stderr = readAsync(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new SandboxException("'" + String.join(" ", argv)
            + "' on localhost failed: no exit within " + timeout);
      }
      return new Result(List.copyOf(argv), process.exitValue(), stdout.join(), stderr.join());
    } catch (CompletionException e) {
      throw e.getCause() instanceof SandboxException cause ? cause : e;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SandboxException("'" + String.join(" ", argv) + "' was interrupted", e);
    }
  }

  static String tail(String text, int maxChars) {
    String trimmed = text.strip();
    return trimmed.length() <= maxChars ? trimmed : "..." + trimmed.substring(trimmed.length() - maxChars);
  }

  private static CompletableFuture<String> readAsync(InputStream in) {
    // Own threads, not the common pool: with 2 cores it has one worker, and two blocking reads
    // queued behind each other deadlock when the process fills the second pipe.
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new SandboxException("reading the output of a local command failed: " + e, e);
      }
    }, STREAM_READERS);
  }
}
