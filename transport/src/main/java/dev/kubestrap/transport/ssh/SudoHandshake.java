package dev.kubestrap.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Answers sudo's password prompt on stdin without ever letting the password reach the command.
 *
 * <p>The command runs as {@code sudo -S -k -p <PROMPT> -- <argv>}, with sudo's messages on the channel's one stream
 * before the command's start marker (see {@link ChannelOutput}). Watching that preamble, the handshake sends the
 * password when {@code PROMPT} appears and starts feeding the command's own stdin only once the command has
 * started. A passwordless rule simply starts the command, and the password is never sent. A second prompt means
 * the password was wrong: stdin is closed, sudo gives up and the command fails with sudo's message on stderr. The
 * prompts are removed from the stderr the caller sees.
 */
final class SudoHandshake implements ChannelOutput.Preamble {
  static final String PROMPT = "[kubestrap-sudo-password]";
  /** What a {@link CommandShell} prints once sudo has let it start. */
  static final String READY = "[kubestrap-sudo-ready]";

  private enum State { WAITING, STARTED, ENDED }

  private final OwnedSecret password;
  private final ByteArrayOutputStream stderr;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private State state = State.WAITING;
  private int prompts;

  SudoHandshake(OwnedSecret password, ByteArrayOutputStream stderr) {
    this.password = password;
    this.stderr = stderr;
  }

  /** The prefix that turns {@code argv} into a sudo invocation driven by this handshake. */
  static String[] prefix() {
    return new String[] {"sudo", "-S", "-k", "-p", PROMPT, "--"};
  }

  /** The prefix that starts a command shell under sudo, which prints {@link #READY} once it runs. */
  static String[] shellPrefix() {
    String[] sudo = prefix();
    String[] all = Arrays.copyOf(sudo, sudo.length + 4);
    System.arraycopy(new String[] {"sh", "-c", "echo '" + READY + "'; exec \"$@\"", "sh"}, 0, all, sudo.length, 4);
    return all;
  }

  /** sudo's own output: prompts are counted and removed, the rest is kept for stderr. */
  @Override
  public synchronized void text(byte[] b, int off, int len) {
    pending.write(b, off, len);
    String seen = pending.toString(StandardCharsets.ISO_8859_1);
    int prompt;
    while ((prompt = seen.indexOf(PROMPT)) >= 0) {
      prompts++;
      seen = seen.substring(0, prompt) + seen.substring(prompt + PROMPT.length());
    }
    pending.reset();
    pending.writeBytes(seen.getBytes(StandardCharsets.ISO_8859_1));
    notifyAll();
  }

  @Override
  public synchronized void started() {
    state = State.STARTED;
    flush();
    notifyAll();
  }

  @Override
  public synchronized void ended() {
    state = State.ENDED;
    flush();
    notifyAll();
  }

  private void flush() {
    stderr.writeBytes(pending.toByteArray());
    pending.reset();
  }

  /**
   * Runs on the stdin thread: answers the first prompt, then copies {@code input} once sudo has let the
   * command start, and closes {@code stdin} in every case.
   */
  void feed(InputStream input, OutputStream stdin, Instant deadline) throws IOException, InterruptedException {
    try (OutputStream out = stdin; InputStream in = input) {
      int answered = 0;
      while (true) {
        State now;
        int seenPrompts;
        synchronized (this) {
          while (state == State.WAITING && prompts == answered) {
            long wait = Duration.between(Instant.now(), deadline).toMillis();
            if (wait <= 0) {
              return;
            }
            wait(wait);
          }
          now = state;
          seenPrompts = prompts;
        }
        if (now == State.STARTED) {
          break;
        }
        if (now == State.ENDED || seenPrompts > 1) {
          return;
        }
        password.writeLine(out);
        answered = seenPrompts;
      }
      in.transferTo(out);
    } catch (IOException e) {
      // the command closed its stdin early; its exit status tells the rest
    }
  }
}
