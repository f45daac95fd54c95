package dev.kubestrap.transport.ssh;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.internal.StreamPumps;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * One long-lived {@code sh} on the host (under sudo when configured) that runs commands sent on its
 * stdin, one at a time. Starting a command this way costs the host one fork instead of a new SSH
 * session (fork, login shell, and sudo each time), which makes short commands many times faster.
 *
 * <p>Each command runs in a subshell with stdin from {@code /dev/null}, so it cannot change the shell's
 * directory, environment or umask, nor read the command stream. Its stderr goes to a private file on
 * the host; after the command the shell prints, all on stdout, a random token with the exit status, the
 * saved stderr, and the token again. The shell's own stderr (and sudo's) is joined to stdout, so the channel
 * carries one stream and one reader suffices (see {@link ChannelOutput} for why one stream). On a timeout the shell's whole
 * process group is killed and the shell discarded (its stderr file, in {@code $TMPDIR} or {@code /tmp},
 * is then left behind).
 */
final class CommandShell implements AutoCloseable {
  private final Session session;
  private final Session.Command process;
  private final OutputStream stdin;
  private final TokenReader out;
  private final String processGroup;
  private volatile boolean broken;

  private CommandShell(Session session, Session.Command process, TokenReader out, String processGroup) {
    this.session = session;
    this.process = process;
    this.stdin = process.getOutputStream();
    this.out = out;
    this.processGroup = processGroup;
  }

  /**
   * Starts a shell and waits until it has reported its process group; {@code sudoPassword} answers sudo's
   * prompt when the configuration has one.
   */
  static CommandShell open(SSHClient client, SshConfig config, OwnedSecret sudoPassword, StreamPumps pumps,
      Instant deadline)
      throws IOException, InterruptedException {
    Session session = client.startSession();
    boolean ready = false;
    try {
      List<String> argv = new ArrayList<>(List.of("sh", "-c", RemoteScripts.JOIN_STDERR, "sh"));
      if (config.sudo()) {
        argv.addAll(config.sudoPassword().isPresent() ? List.of(SudoHandshake.shellPrefix()) : List.of("sudo", "-n", "--"));
      }
      argv.add("sh");
      Session.Command process = session.exec("exec " + Command.of(argv).toShell());
      TokenReader out = new TokenReader(process.getInputStream());
      if (sudoPassword != null) {
        answerSudo(sudoPassword, process, out, pumps, deadline);
      }
      String hello = ChannelOutput.newToken();
      write(process.getOutputStream(), "E=$(mktemp \"${TMPDIR:-/tmp}/kubestrap-stderr.XXXXXXXX\") || exit 1\n"
          + "trap 'rm -f \"$E\"' EXIT\n"
          + "trap 'rm -f \"$E\"; exit 129' HUP; trap 'rm -f \"$E\"; exit 143' TERM; trap 'rm -f \"$E\"; exit 141' PIPE\n"
          + "if read -r s < /proc/$$/stat 2>/dev/null; then set -- $s; printf '%s %s\\n' "
          + hello + " \"$5\"; else printf '%s -\\n' " + hello + "; fi\n");
      Future<String> group = pumps.submit(() -> {
        out.readThrough(hello + " ");
        return out.readThrough("\n").text().strip();
      });
      if (!StreamPumps.await(group, deadline)) {
        throw new IOException("the command shell did not start in time" + leftover(out));
      }
      String pgid = group.get();
      CommandShell shell = new CommandShell(session, process, out, pgid.matches("\\d+") ? pgid : null);
      ready = true;
      return shell;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException(e.getCause());
    } finally {
      if (!ready) {
        closeQuietly(session);
      }
    }
  }

  private static void answerSudo(
      OwnedSecret sudoPassword, Session.Command process, TokenReader out, StreamPumps pumps, Instant deadline)
      throws IOException, InterruptedException {
    boolean answered = false;
    while (true) {
      Future<TokenReader.Found> next =
          pumps.submit(() -> out.readThrough(SudoHandshake.PROMPT, SudoHandshake.READY + "\n"));
      if (!StreamPumps.await(next, deadline)) {
        throw new IOException("sudo did not answer in time");
      }
      TokenReader.Found found;
      try {
        found = next.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException("sudo refused to start a shell", e.getCause());
      }
      if (found.token() == 1) {
        return;
      }
      if (answered) {
        throw new IOException("sudo rejected the password: " + found.text().strip());
      }
      sudoPassword.writeLine(process.getOutputStream());
      answered = true;
    }
  }

  /**
   * Runs one command. Returns empty when the deadline passed first; the shell is then broken and its
   * {@linkplain #processGroup() process group} must be killed.
   */
  Optional<ExecResult> run(Command command, StreamPumps pumps, Instant deadline)
      throws IOException, InterruptedException {
    return runInSubshell(command.toShell(), pumps, deadline);
  }

  /**
   * Runs {@code script} with {@code args} as its positional parameters in the shell's subshell itself, without
   * starting {@code sh -c}: the arguments stay shell variables and appear in no process's arguments on the host
   * (unless the script passes them to a program). Like {@link #run}, an empty result means the deadline passed.
   */
  Optional<ExecResult> runScript(String script, List<String> args, StreamPumps pumps, Instant deadline)
      throws IOException, InterruptedException {
    StringBuilder text = new StringBuilder("set --");
    args.forEach(arg -> text.append(' ').append(Command.quote(arg)));
    return runInSubshell(text.append('\n').append(script).append('\n').toString(), pumps, deadline);
  }

  private Optional<ExecResult> runInSubshell(String shellText, StreamPumps pumps, Instant deadline)
      throws IOException, InterruptedException {
    String token = ChannelOutput.newToken();
    Future<ExecResult> result = pumps.submit(() -> {
      byte[] stdout = out.readThrough(token + " ").before();
      int exitCode = Integer.parseInt(out.readThrough("\n").text().strip());
      byte[] stderr = out.readThrough(token + "\n").before();
      return ExecResult.of(exitCode, stdout, stderr);
    });
    try {
      write(stdin, "( " + shellText + " ) </dev/null 2>\"$E\"; printf '%s %d\\n' " + token + " \"$?\"; "
          + "if [ -s \"$E\" ]; then cat \"$E\"; fi; printf '%s\\n' " + token + "\n");
      if (!StreamPumps.await(result, deadline)) {
        broken = true;
        result.cancel(true);
        return Optional.empty();
      }
      return Optional.of(result.get());
    } catch (java.util.concurrent.ExecutionException e) {
      broken = true;
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /** The process group to kill when a command overruns; empty when the host did not tell. */
  Optional<String> processGroup() {
    return Optional.ofNullable(processGroup);
  }


  boolean isBroken() {
    return broken || !process.isOpen();
  }

  @Override
  public void close() {
    broken = true;
    closeQuietly(process);
    closeQuietly(session);
  }

  private static void write(OutputStream stdin, String text) throws IOException {
    stdin.write(text.getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  private static String leftover(TokenReader out) {
    String text = out.leftover().strip();
    return text.isEmpty() ? "" : ": " + text;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // the channel may already be gone with its process
    }
  }
}
