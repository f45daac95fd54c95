package dev.kubestrap.apply.internal;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Asks a host several read-only commands in one round trip: one shell runs each in turn, with no input, and prints
 * its output, error output and exit code between markers no command can print (a random token per round trip). A
 * command with a timeout runs under the host's {@code timeout} program; where that program is missing it is left
 * unanswered, as is any command that timed out or could not run (exit code 124 or above): the caller then runs it
 * alone, as it would have without the batch. Commands with input, or marked sensitive (whose arguments must not
 * appear in the batch's logged command line), are never batched. Error output is printed with {@code cat} only when
 * there is some: most answers have none, and each process saved is a millisecond or more on a busy host.
 */
public final class BatchedQuestions {
  private static final String SCRIPT = """
      m=$1; shift
      t=; command -v timeout >/dev/null 2>&1 && t=timeout
      e=$(mktemp 2>/dev/null) || exit 3
      trap 'rm -f -- "$e"' EXIT
      i=0
      while [ $# -ge 2 ]; do
        s=$1 q=$2; shift 2
        if [ "$s" = - ] || [ -n "$t" ]; then
          echo "$m out $i"
          if [ "$s" = - ]; then sh -c "$q" </dev/null 2>"$e"; else timeout "$s" sh -c "$q" </dev/null 2>"$e"; fi
          rc=$?
          echo; echo "$m err $i $rc"; [ ! -s "$e" ] || cat -- "$e"; echo; echo "$m end $i"
        fi
        i=$((i + 1))
      done
      exit 0
      """;
  /** {@code timeout} exits 124 when the command timed out; 125 and above mean it could not run it. */
  private static final int FIRST_UNANSWERED_EXIT = 124;

  private BatchedQuestions() {}

  /** True when {@code command} can be asked in a batch: it reads no input and its arguments may be logged. */
  public static boolean batchable(Command command) {
    return command.stdin().isEmpty() && !command.isSensitive();
  }

  /**
   * Runs the batchable {@code questions} on {@code host} in one command and returns the answers it got, by index
   * into {@code questions}. The answers are what each command's own {@link Transport#exec} would have returned.
   *
   * @throws IllegalStateException when the batch's output cannot be read (nothing is answered then)
   */
  public static Map<Integer, ExecResult> ask(Transport host, List<Command> questions) {
    String marker = "--kubestrap-" + UUID.randomUUID().toString().replace("-", "") + "--";
    List<String> args = new ArrayList<>();
    args.add(marker);
    Duration total = Duration.ZERO;
    boolean bounded = true;
    for (Command question : questions) {
      if (!batchable(question)) {
        throw new IllegalArgumentException("not batchable (it reads input or is sensitive): " + question);
      }
      Optional<Duration> timeout = question.timeout();
      args.add(timeout.map(t -> ((t.toMillis() + 999) / 1000) + "s").orElse("-"));
      args.add(shellText(question));
      bounded &= timeout.isPresent();
      total = total.plus(timeout.orElse(Duration.ZERO));
    }
    Command batch = Command.script(SCRIPT, args.toArray(String[]::new));
    ExecResult result = host.exec(bounded ? batch.withTimeout(total.plusSeconds(questions.size())) : batch);
    if (!result.succeeded()) {
      throw new IllegalStateException("asking " + questions.size() + " questions at once failed: exit code "
          + result.exitCode() + ", " + result.stderr().strip());
    }
    return parse(result.stdout(), marker, questions.size());
  }

  /**
   * What the runner hands to its {@code sh -c}: a question that is itself {@code sh -c <script>} with no arguments
   * for the script (every guard of a plan's commands) goes as its script, sparing the host one {@code exec} of a shell
   * that would only start the next one; anything else as its whole command line.
   */
  static String shellText(Command question) {
    List<String> argv = question.argv();
    boolean plainScript = argv.size() >= 3 && argv.get(0).equals("sh") && argv.get(1).equals("-c")
        && (argv.size() == 3 || argv.size() == 4 && argv.get(3).equals("sh"));
    return plainScript ? argv.get(2) : question.toShell();
  }

  private static Map<Integer, ExecResult> parse(String out, String marker, int count) {
    Map<Integer, ExecResult> answers = new HashMap<>();
    for (int i = 0; i < count; i++) {
      String begin = marker + " out " + i + "\n";
      int start = out.indexOf(begin);
      if (start < 0) {
        continue;
      }
      start += begin.length();
      String errTag = "\n" + marker + " err " + i + " ";
      int err = out.indexOf(errTag, start);
      String endTag = "\n" + marker + " end " + i + "\n";
      int end = err < 0 ? -1 : out.indexOf(endTag, err);
      if (end < 0) {
        throw new IllegalStateException("the answer to question " + i + " is cut short");
      }
      int codeEnd = out.indexOf('\n', err + errTag.length());
      int exitCode = Integer.parseInt(out.substring(err + errTag.length(), codeEnd));
      if (exitCode < FIRST_UNANSWERED_EXIT) {
        answers.put(i, new ExecResult(exitCode, out.substring(start, err), out.substring(codeEnd + 1, end)));
      }
    }
    return answers;
  }
}
