package dev.kubestrap.transport.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A transport's own copy of a password the caller supplies (the sudo password): the caller's array is asked for
 * once, on first use, copied and never written to, so the same array can serve every transport and every run;
 * the copy is wiped when the transport closes. Never printed.
 */
final class OwnedSecret implements AutoCloseable {
  private final Supplier<char[]> source;
  private char[] copy;
  private boolean closed;

  OwnedSecret(Supplier<char[]> source) {
    this.source = source;
  }

  /** Writes the secret and a newline as UTF-8, then wipes the bytes it encoded. */
  synchronized void writeLine(OutputStream out) throws IOException {
    if (closed) {
      throw new IOException("the transport is closed");
    }
    if (copy == null) {
      char[] given = source.get();
      copy = Arrays.copyOf(given, given.length);
    }
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(copy));
    byte[] bytes = new byte[encoded.remaining() + 1];
    encoded.get(bytes, 0, bytes.length - 1);
    bytes[bytes.length - 1] = '\n';
    try {
      out.write(bytes);
      out.flush();
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (encoded.hasArray()) {
        Arrays.fill(encoded.array(), (byte) 0);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (copy != null) {
      Arrays.fill(copy, '\0');
      copy = null;
    }
    closed = true;
  }

  @Override
  public String toString() {
    return "OwnedSecret[***]";
  }
}
