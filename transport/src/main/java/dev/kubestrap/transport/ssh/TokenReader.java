package dev.kubestrap.transport.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a stream up to marker tokens, never further than the data already sent: bytes read past a
 * token are kept for the next call. Output may be binary; tokens are random per command, so they cannot
 * occur in it by accident.
 */
final class TokenReader {
  private static final int CHUNK = 1 << 16;

  private final InputStream in;
  private byte[] buffer = new byte[CHUNK];
  private int length;

  TokenReader(InputStream in) {
    this.in = in;
  }

  /** What one {@link #readThrough} call found: which token, and everything before it. */
  record Found(int token, byte[] before) {
    String text() {
      return new String(before, StandardCharsets.UTF_8);
    }
  }

  Found readThrough(String token) throws IOException {
    return readThrough(new String[] {token});
  }

  /** Reads until the earliest of the tokens; consumes it and returns the bytes before it. */
  Found readThrough(String... tokens) throws IOException {
    byte[][] needles = new byte[tokens.length][];
    int longest = 0;
    for (int i = 0; i < tokens.length; i++) {
      needles[i] = tokens[i].getBytes(StandardCharsets.UTF_8);
      longest = Math.max(longest, needles[i].length);
    }
    int searchFrom = 0;
    while (true) {
      int bestAt = -1;
      int best = -1;
      for (int i = 0; i < needles.length; i++) {
        int at = indexOf(needles[i], searchFrom);
        if (at >= 0 && (bestAt < 0 || at < bestAt)) {
          bestAt = at;
          best = i;
        }
      }
      if (best >= 0) {
        byte[] before = Arrays.copyOf(buffer, bestAt);
        int consumed = bestAt + needles[best].length;
        System.arraycopy(buffer, consumed, buffer, 0, length - consumed);
        length -= consumed;
        return new Found(best, before);
      }
      searchFrom = Math.max(0, length - longest + 1);
      if (length == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      int n = in.read(buffer, length, buffer.length - length);
      if (n < 0) {
        throw new EOFException("stream ended before " + String.join(" or ", tokens));
      }
      length += n;
    }
  }

  /** Whatever arrived but was not consumed (for error messages). */
  String leftover() {
    return new String(buffer, 0, length, StandardCharsets.UTF_8);
  }

  private int indexOf(byte[] needle, int from) {
    int last = length - needle.length;
    outer:
    for (int i = from; i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buffer[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
