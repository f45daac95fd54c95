package dev.kubestrap.transport.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Background copying between a running command's streams and memory: stdout and stderr are drained on
 * their own threads and stdin is fed on a third, so no pipe ever fills up while another waits.
 */
public final class StreamPumps implements AutoCloseable {
  private static final int BUFFER = 1 << 16;

  private final ExecutorService pool;
  /** Threads inside {@link #feed}, writing to a command's stdin. */
  private final Set<Thread> feeding = ConcurrentHashMap.newKeySet();

  public StreamPumps(String name) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads = runnable -> {
      Thread thread = new Thread(runnable, name + "-io-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    this.pool = Executors.newCachedThreadPool(threads);
  }

  /**
   * Interrupts every thread feeding a command's stdin: for a connection that broke, whose writers may wait for
   * window space that will never come (an interrupt is what frees them). Their feeds end as a closed pipe does.
   */
  public void interruptFeeds() {
    feeding.forEach(Thread::interrupt);
  }

  /** Copies {@code in} to {@code sink} until end-of-stream, then closes {@code in}. */
  public Future<Long> drain(InputStream in, OutputStream sink) {
    return pool.submit(() -> {
      try (InputStream source = in) {
        return copy(source, sink);
      }
    });
  }

  /**
   * Copies {@code source} into a command's stdin and closes it. A command that exits without reading
   * its input closes the pipe early; that is not an error.
   */
  public Future<Long> feed(InputStream source, OutputStream stdin) {
    return pool.submit(() -> {
      feeding.add(Thread.currentThread());
      try (OutputStream target = stdin; InputStream in = source) {
        return copy(in, target);
      } catch (IOException e) {
        return -1L;
      } finally {
        feeding.remove(Thread.currentThread());
        Thread.interrupted(); // an interrupt meant for this feed must not reach the pool's next task
      }
    });
  }

  /** Runs any task on the pump threads. */
  public <T> Future<T> submit(java.util.concurrent.Callable<T> task) {
    return pool.submit(task);
  }

  /**
   * Waits for a pump until {@code deadline}. Returns false on timeout; rethrows the pump's I/O error.
   */
  public static boolean await(Future<?> pump, Instant deadline) throws IOException, InterruptedException {
    try {
      long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
      pump.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof UncheckedIOException unchecked) {
        throw unchecked.getCause();
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    }
  }

  private static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
      total += n;
    }
    out.flush();
    return total;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
