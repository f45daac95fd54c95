package dev.kubestrap.transport.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real tools (ssh-keygen, useradd, ...) for test set-up and checks. */
public final class Shell {
  private Shell() {}

  public record Result(int exitCode, String output) {}

  /** Runs a command, merging stderr into stdout; fails the test set-up when it does not finish in 60 s. */
  public static Result run(List<String> command) {
    return run(command, new byte[0]);
  }

  /** Like {@link #run(List)}, feeding {@code input} on stdin. */
  public static Result run(List<String> command, byte[] input) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (var stdin = process.getOutputStream()) {
        stdin.write(input);
      }
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }

  public static Result run(String... command) {
    return run(List.of(command));
  }

  /** Runs a command and insists on exit code 0; returns its output. */
  public static String check(String... command) {
    Result result = run(command);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + result.exitCode() + ": " + result.output());
    }
    return result.output();
  }
}
