package dev.kubestrap.transport.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Splits the one stream a session channel carries back into what the command wrote where.
 *
 * <p>A channel carries stdout only: stderr is redirected on the host (see {@link RemoteScripts#ONE_STREAM}), so
 * sshj never buffers a second stream of the same channel. sshj grants the server more window from whichever
 * stream is read, sized by that stream's buffer alone; with two streams, reading a trickle of stderr let a
 * stdout nobody was reading fill its buffer past its limit ({@code CircularBufferException: Attempted overflow}),
 * and two readers raced on the shared window ("Window consumed to below 0"), either one ending the whole
 * connection. With one stream, the reader that empties the buffer is the only one that grants window.
 *
 * <p>The stream is {@code <preamble><token><stdout><token><stderr>}: the preamble is what ran before the command
 * (sudo's prompt and messages, the wrapper's own failure), then the command's stdout, then its stderr, saved on
 * the host and printed once the command ended. The token is random per command, so output cannot contain it by
 * accident. Bytes that might begin a token are held back until the next write or {@link #close()} tells.
 */
final class ChannelOutput extends OutputStream {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] NOTHING = new byte[0];

  /** Where the bytes before the first token go, and who is told when the command starts and when output ends. */
  interface Preamble {
    void text(byte[] b, int off, int len) throws IOException;

    default void started() {}

    default void ended() throws IOException {}
  }

  private enum Part { PREAMBLE, STDOUT, STDERR }

  private final byte[] token;
  private final Preamble preamble;
  private final OutputStream stdout;
  private final OutputStream stderr;
  private Part part = Part.PREAMBLE;
  private byte[] held = NOTHING;

  ChannelOutput(String token, Preamble preamble, OutputStream stdout, OutputStream stderr) {
    this.token = token.getBytes(StandardCharsets.US_ASCII);
    this.preamble = preamble;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** A preamble that is simply more stderr. */
  static Preamble toStderr(OutputStream stderr) {
    return stderr::write;
  }

  /** A fresh random marker, {@code kubestrap-<32 hex digits>}. */
  static String newToken() {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    return "kubestrap-" + HexFormat.of().formatHex(random);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (part == Part.STDERR) {
      stderr.write(b, off, len);
      return;
    }
    byte[] data = b;
    int start = off;
    int end = off + len;
    if (held.length > 0) {
      data = Arrays.copyOf(held, held.length + len);
      System.arraycopy(b, off, data, held.length, len);
      start = 0;
      end = data.length;
      held = NOTHING;
    }
    while (part != Part.STDERR) {
      int at = indexOf(data, start, end);
      if (at < 0) {
        int keep = possibleTokenStart(data, start, end);
        emit(data, start, end - keep - start);
        held = Arrays.copyOfRange(data, end - keep, end);
        return;
      }
      emit(data, start, at - start);
      start = at + token.length;
      part = part == Part.PREAMBLE ? Part.STDOUT : Part.STDERR;
      if (part == Part.STDOUT) {
        preamble.started();
      }
    }
    stderr.write(data, start, end - start);
  }

  /** Hands on what was held back: the stream ended, so it was not a token after all. */
  @Override
  public void close() throws IOException {
    emit(held, 0, held.length);
    held = NOTHING;
    preamble.ended();
  }

  private void emit(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    if (part == Part.PREAMBLE) {
      preamble.text(b, off, len);
    } else {
      stdout.write(b, off, len);
    }
  }

  private int indexOf(byte[] data, int start, int end) {
    byte first = token[0];
    outer:
    for (int i = start; i <= end - token.length; i++) {
      if (data[i] != first) {
        continue;
      }
      for (int j = 1; j < token.length; j++) {
        if (data[i + j] != token[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The length of the longest tail of the data that is the beginning of a token. */
  private int possibleTokenStart(byte[] data, int start, int end) {
    for (int k = Math.min(token.length - 1, end - start); k > 0; k--) {
      if (Arrays.equals(data, end - k, end, token, 0, k)) {
        return k;
      }
    }
    return 0;
  }
}
