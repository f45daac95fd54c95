package dev.kubestrap.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.reflect.Field;
import java.util.concurrent.locks.LockSupport;
import net.schmizz.sshj.connection.channel.Channel;
import net.schmizz.sshj.connection.channel.ChannelInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stdout and stderr of an sshj session, made safe to read at full speed.
 *
 * <p>sshj 0.40 grants the server more receive window from the reading thread: it sends the
 * adjustment first and records it afterwards, outside the lock its reader thread takes to store
 * incoming data. If the reading thread is descheduled in between (a loaded machine, a fast server),
 * the server's next packets overrun the window sshj still believes in, and sshj drops the whole
 * connection ("Window consumed to below 0"). These streams read only what is already buffered, and do
 * so holding the buffer locks of both streams of the channel, so sshj's reader thread cannot store data
 * while an adjustment is in flight. Waiting for data is a short, growing pause instead of a blocking read.
 * If sshj's internals are not as expected, the plain streams are used.
 */
final class GuardedChannelStreams {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedChannelStreams.class);
  private static final long MIN_PAUSE_NANOS = 20_000;
  private static final long MAX_PAUSE_NANOS = 5_000_000;
  private static final Field BUFFER = bufferField();

  private final Channel channel;
  private final InputStream stdout;
  private final InputStream stderr;
  private final Object outLock;
  private final Object errLock;

  GuardedChannelStreams(Channel channel, InputStream stdout, InputStream stderr) {
    this.channel = channel;
    this.stdout = stdout;
    this.stderr = stderr;
    this.outLock = lockOf(stdout);
    this.errLock = lockOf(stderr);
  }

  InputStream stdout() {
    return outLock == null || errLock == null ? stdout : new Guarded(stdout);
  }

  InputStream stderr() {
    return outLock == null || errLock == null ? stderr : new Guarded(stderr);
  }

  private static Field bufferField() {
    try {
      Field field = ChannelInputStream.class.getDeclaredField("buf");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("sshj stream internals not found ({}); reading channels unguarded", e.toString());
      return null;
    }
  }

  private static Object lockOf(InputStream stream) {
    if (BUFFER == null || !(stream instanceof ChannelInputStream)) {
      return null;
    }
    try {
      return BUFFER.get(stream);
    } catch (IllegalAccessException e) {
      return null;
    }
  }

  private final class Guarded extends InputStream {
    private final InputStream in;

    Guarded(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      long pause = MIN_PAUSE_NANOS;
      while (true) {
        int available = in.available();
        if (available > 0) {
          synchronized (outLock) {
            synchronized (errLock) {
              return in.read(b, off, Math.min(available, len));
            }
          }
        }
        if (channel.isEOF() || !channel.isOpen()) {
          return in.read(b, off, len);
        }
        LockSupport.parkNanos(pause);
        if (Thread.interrupted()) {
          throw new InterruptedIOException("interrupted while waiting for output");
        }
        pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
      }
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
