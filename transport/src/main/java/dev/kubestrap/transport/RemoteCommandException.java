package dev.kubestrap.transport;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A command failed: it exited non-zero (only from {@link Transport#run(Command)}), it ran past its
 * timeout, or it was killed by a signal. The message names the target, the command (redacted), the exit
 * code when there is one, and the last lines of stderr.
 */
public class RemoteCommandException extends TransportFailure {
  private static final long serialVersionUID = 1L;

  /** How many trailing lines of stderr a message carries. */
  public static final int STDERR_TAIL_LINES = 20;
  /** How many trailing characters of stderr a message carries at most. */
  public static final int STDERR_TAIL_CHARS = 4000;

  private final String command;
  private final Integer exitCode;
  private final String stderrTail;
  private final Duration timeout;

  private RemoteCommandException(
      String target, Command command, String reason, Integer exitCode, String stderr, Duration timeout) {
    super(target, "exec " + command.display(), reason + tailSuffix(tail(stderr)), null);
    this.command = command.display();
    this.exitCode = exitCode;
    this.stderrTail = tail(stderr);
    this.timeout = timeout;
  }

  /** The command exited with a non-zero code. */
  public static RemoteCommandException nonZeroExit(String target, Command command, ExecResult result) {
    return new RemoteCommandException(
        target, command, "exit code " + result.exitCode(), result.exitCode(), result.stderr(), null);
  }

  /** The command did not finish within its timeout and was stopped. */
  public static RemoteCommandException timedOut(String target, Command command, Duration timeout, String stderr) {
    return new RemoteCommandException(target, command, "timed out after " + timeout, null, stderr, timeout);
  }

  /** The command ended without an exit status (killed by a signal, or the session closed under it). */
  public static RemoteCommandException noExitStatus(String target, Command command, String why, String stderr) {
    return new RemoteCommandException(target, command, why, null, stderr, null);
  }

  /** The command as shown in logs: shell-quoted, with sensitive parts replaced by {@code ***}. */
  public String command() {
    return command;
  }

  /** The exit code, absent when the command timed out or was killed. */
  public OptionalInt exitCode() {
    return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
  }

  /** The last {@value #STDERR_TAIL_LINES} lines (at most {@value #STDERR_TAIL_CHARS} characters) of stderr. */
  public String stderrTail() {
    return stderrTail;
  }

  /** The timeout that expired, when this failure is a timeout. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  static String tail(String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    String trimmed = text.strip();
    if (trimmed.length() > STDERR_TAIL_CHARS) {
      trimmed = "..." + trimmed.substring(trimmed.length() - STDERR_TAIL_CHARS);
    }
    int end = trimmed.length();
    int lines = 0;
    int i = end;
    while (i > 0) {
      i--;
      if (trimmed.charAt(i) == '\n' && ++lines == STDERR_TAIL_LINES) {
        return trimmed.substring(i + 1);
      }
    }
    return trimmed;
  }

  private static String tailSuffix(String tail) {
    return tail.isEmpty() ? "" : "; stderr:\n" + tail;
  }
}
