package dev.kubestrap.transport;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a command left behind: its exit code and everything it wrote to stdout and stderr, decoded as
 * UTF-8. Both streams are read concurrently while the command runs, so a command that fills both never
 * blocks.
 *
 * @param exitCode the command's exit code ({@code 0} means success)
 * @param stdout everything written to standard output
 * @param stderr everything written to standard error
 */
public record ExecResult(int exitCode, String stdout, String stderr) {

  public ExecResult {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  /** Decodes raw output as UTF-8 (malformed sequences become U+FFFD). */
  public static ExecResult of(int exitCode, byte[] stdout, byte[] stderr) {
    return new ExecResult(
        exitCode, new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
  }

  /** True when the exit code is {@code 0}. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /** Standard output with surrounding whitespace (typically the trailing newline) removed. */
  public String stdoutTrimmed() {
    return stdout.strip();
  }
}
