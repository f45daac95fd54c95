package dev.kubestrap.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Answers sudo's password prompt on stdin without ever letting the password reach the command.
 *
 * <p>The command runs as {@code sudo -S -k -p <PROMPT> -- sh -c 'echo <READY> >&2; exec "$@"' sh <argv>}.
 * Watching stderr, the handshake sends the password when {@code PROMPT} appears and starts feeding the
 * command's own stdin only after {@code READY}, which is printed once sudo has let the command run. A
 * passwordless rule simply prints {@code READY} first, and the password is never sent. A second prompt
 * means the password was wrong: stdin is closed, sudo gives up and the command fails with sudo's
 * message on stderr. Both markers are removed from the stderr the caller sees.
 */
final class SudoHandshake {
  static final String PROMPT = "[kubestrap-sudo-password]";
  static final String READY = "[kubestrap-sudo-ready]";

  private enum State { WAITING, READY, ENDED }

  private final Supplier<char[]> password;
  private final OutputStream stderr;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private State state = State.WAITING;
  private int prompts;

  SudoHandshake(Supplier<char[]> password, OutputStream stderr) {
    this.password = password;
    this.stderr = stderr;
  }

  /** The prefix that turns {@code argv} into a sudo invocation driven by this handshake. */
  static String[] prefix() {
    return new String[] {
        "sudo", "-S", "-k", "-p", PROMPT, "--", "sh", "-c", "echo '" + READY + "' >&2; exec \"$@\"", "sh"};
  }

  /** Where the command's stderr goes: filtered until READY, passed through after it. */
  OutputStream stderrFilter() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        accept(b, off, len);
      }

      @Override
      public void close() throws IOException {
        end();
      }
    };
  }

  private synchronized void accept(byte[] b, int off, int len) throws IOException {
    if (state != State.WAITING) {
      stderr.write(b, off, len);
      return;
    }
    pending.write(b, off, len);
    String seen = pending.toString(StandardCharsets.ISO_8859_1);
    int prompt;
    while ((prompt = seen.indexOf(PROMPT)) >= 0) {
      prompts++;
      seen = seen.substring(0, prompt) + seen.substring(prompt + PROMPT.length());
    }
    int ready = seen.indexOf(READY + "\n");
    if (ready >= 0) {
      state = State.READY;
      stderr.write(seen.substring(0, ready).getBytes(StandardCharsets.ISO_8859_1));
      stderr.write(seen.substring(ready + READY.length() + 1).getBytes(StandardCharsets.ISO_8859_1));
      pending.reset();
    } else {
      pending.reset();
      pending.write(seen.getBytes(StandardCharsets.ISO_8859_1));
    }
    notifyAll();
  }

  private synchronized void end() throws IOException {
    if (state == State.WAITING) {
      stderr.write(pending.toByteArray());
      pending.reset();
    }
    state = State.ENDED;
    notifyAll();
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
        if (now == State.READY) {
          break;
        }
        if (now == State.ENDED || seenPrompts > 1) {
          return;
        }
        sendPassword(password, out);
        answered = seenPrompts;
      }
      in.transferTo(out);
    } catch (IOException e) {
      // the command closed its stdin early; its exit status tells the rest
    }
  }

  /** Writes the password and a newline, then wipes every copy this method made. */
  static void sendPassword(Supplier<char[]> password, OutputStream out) throws IOException {
    char[] chars = password.get();
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] bytes = new byte[encoded.remaining() + 1];
    encoded.get(bytes, 0, bytes.length - 1);
    bytes[bytes.length - 1] = '\n';
    try {
      out.write(bytes);
      out.flush();
    } finally {
      Arrays.fill(chars, '\0');
      Arrays.fill(bytes, (byte) 0);
      if (encoded.hasArray()) {
        Arrays.fill(encoded.array(), (byte) 0);
      }
    }
  }
}
