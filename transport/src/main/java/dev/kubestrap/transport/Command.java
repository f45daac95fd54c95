package dev.kubestrap.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A command to run on a host, built from a program and its arguments, never from a concatenated shell
 * string. Immutable: every {@code with...} method returns a copy.
 *
 * <p>Defaults: no stdin (the command sees end-of-file at once); no timeout of its own, so the transport's
 * default applies ({@code SshConfig.commandTimeout}, 10 minutes unless configured; 10 minutes for the
 * local transport); not sensitive.
 *
 * <p>Logs and error messages show {@link #display()}: the quoted command with every
 * {@link #redact(String...) redacted} value replaced by {@code ***}, or only the program name for a
 * {@link #sensitive()} command. Stdin is never logged.
 *
 * <pre>{@code
 * Command.of("systemctl", "restart", "etcd")
 * Command.script("test -d \"$1\" || mkdir -p \"$1\"", "/opt/etcd")   // constant script, data as $1
 * Command.of("chpasswd").withStdin("kube:" + password).sensitive()
 * }</pre>
 */
public final class Command {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
  private static final String MASK = "***";

  private final List<String> argv;
  private final byte[] stdin;
  private final Duration timeout;
  private final boolean sensitive;
  private final List<String> redactions;

  private Command(List<String> argv, byte[] stdin, Duration timeout, boolean sensitive, List<String> redactions) {
    this.argv = argv;
    this.stdin = stdin;
    this.timeout = timeout;
    this.sensitive = sensitive;
    this.redactions = redactions;
  }

  /** A program and its arguments, passed to the program exactly as given. */
  public static Command of(String program, String... args) {
    List<String> all = new ArrayList<>(args.length + 1);
    all.add(program);
    all.addAll(Arrays.asList(args));
    return of(all);
  }

  /** The program is the first element. */
  public static Command of(List<String> argv) {
    Objects.requireNonNull(argv, "argv");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must not be empty: []");
    }
    for (int i = 0; i < argv.size(); i++) {
      String arg = Objects.requireNonNull(argv.get(i), "argv[" + i + "]");
      if (arg.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("argv[" + i + "] must not contain a NUL character");
      }
    }
    if (argv.get(0).isEmpty()) {
      throw new IllegalArgumentException("program must not be empty: ''");
    }
    return new Command(List.copyOf(argv), null, null, false, List.of());
  }

  /**
   * A constant POSIX {@code sh} script whose data arrives as positional parameters {@code $1, $2, ...}:
   * {@code sh -c <script> sh <args...>}. The script should be a literal; values go in {@code args}.
   */
  public static Command script(String script, String... args) {
    List<String> all = new ArrayList<>(args.length + 4);
    all.add("sh");
    all.add("-c");
    all.add(Objects.requireNonNull(script, "script"));
    all.add("sh");
    all.addAll(Arrays.asList(args));
    return of(all);
  }

  /** A copy that feeds these bytes to the command's stdin, then end-of-file. */
  public Command withStdin(byte[] input) {
    Objects.requireNonNull(input, "stdin");
    return new Command(argv, input.clone(), timeout, sensitive, redactions);
  }

  /** A copy that feeds this text, UTF-8 encoded, to the command's stdin. */
  public Command withStdin(String input) {
    return withStdin(Objects.requireNonNull(input, "stdin").getBytes(StandardCharsets.UTF_8));
  }

  /** A copy with its own timeout, replacing the transport's default. Must be positive. */
  public Command withTimeout(Duration value) {
    Objects.requireNonNull(value, "timeout");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + value);
    }
    return new Command(argv, stdin, value, sensitive, redactions);
  }

  /** A copy whose arguments never appear in logs or messages: only the program name is shown. */
  public Command sensitive() {
    return new Command(argv, stdin, timeout, true, redactions);
  }

  /** A copy that shows {@code ***} wherever one of these values appears in logs and messages. */
  public Command redact(String... secrets) {
    List<String> all = new ArrayList<>(redactions);
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        all.add(secret);
      }
    }
    return new Command(argv, stdin, timeout, sensitive, List.copyOf(all));
  }

  /** A copy run through the given prefix, e.g. {@code prefixed("sudo", "-n", "--")}. */
  public Command prefixed(String... prefix) {
    List<String> all = new ArrayList<>(Arrays.asList(prefix));
    all.addAll(argv);
    Command base = of(all);
    return new Command(base.argv, stdin, timeout, sensitive, redactions);
  }

  public List<String> argv() {
    return argv;
  }

  public String program() {
    return argv.get(0);
  }

  /** A copy of the stdin bytes, if any. */
  public Optional<byte[]> stdin() {
    return stdin == null ? Optional.empty() : Optional.of(stdin.clone());
  }

  /** This command's own timeout; empty means the transport's default. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  public boolean isSensitive() {
    return sensitive;
  }

  /**
   * The command line for a POSIX shell: each argument single-quoted unless it consists only of
   * characters that need no quoting. This is what an SSH server receives; it is never logged as is.
   */
  public String toShell() {
    StringBuilder out = new StringBuilder();
    for (String arg : argv) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(quote(arg));
    }
    return out.toString();
  }

  /** One argument quoted for a POSIX shell. */
  public static String quote(String arg) {
    if (!arg.isEmpty() && SAFE.matcher(arg).matches()) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  /** The form logs and messages show: quoted, with secrets masked. */
  public String display() {
    if (sensitive) {
      return quote(argv.get(0)) + (argv.size() > 1 ? " " + MASK : "");
    }
    StringBuilder out = new StringBuilder();
    for (String arg : argv) {
      String shown = arg;
      for (String secret : redactions) {
        shown = shown.replace(secret, MASK);
      }
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(quote(shown));
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return display();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Command other
        && argv.equals(other.argv)
        && Arrays.equals(stdin, other.stdin)
        && Objects.equals(timeout, other.timeout)
        && sensitive == other.sensitive
        && redactions.equals(other.redactions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(argv, Arrays.hashCode(stdin), timeout, sensitive, redactions);
  }
}
