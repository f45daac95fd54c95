package dev.kubestrap.apply;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.ForwardingTransport;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.Transport;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only wrapper around a real transport: counts every call that would be a round trip on a remote
 * host, the bytes put, and the commands run; optionally delays each call to make overlap observable.
 */
final class RecordingTransport extends ForwardingTransport {
  private final Duration delay;
  final AtomicInteger roundTrips = new AtomicInteger();
  final AtomicInteger puts = new AtomicInteger();
  final AtomicLong bytesSent = new AtomicLong();
  final List<String> commands = new CopyOnWriteArrayList<>();
  final List<String> putPaths = new CopyOnWriteArrayList<>();
  final AtomicBoolean closed = new AtomicBoolean();
  private volatile Transport bulk;

  RecordingTransport(Transport delegate) {
    this(delegate, Duration.ZERO);
  }

  RecordingTransport(Transport delegate, Duration delay) {
    super(delegate);
    this.delay = delay;
  }

  @Override
  protected void beforeRoundTrip() {
    roundTrips.incrementAndGet();
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private PutResult counted(PutResult result) {
    puts.incrementAndGet();
    putPaths.add(result.remotePath());
    bytesSent.addAndGet(result.bytesSent());
    return result;
  }

  @Override
  public ExecResult exec(Command command) {
    commands.add(command.display());
    return super.exec(command);
  }

  @Override
  public PutResult put(byte[] content, String remotePath, FileMode mode) {
    return counted(super.put(content, remotePath, mode));
  }

  @Override
  public PutResult put(Path localFile, String remotePath, FileMode mode) {
    return counted(super.put(localFile, remotePath, mode));
  }

  @Override
  public PutResult putPinned(Path localFile, String remotePath, FileMode mode, String sha256) {
    return counted(super.putPinned(localFile, remotePath, mode, sha256));
  }

  @Override
  public PutResult put(InputStream content, String remotePath, FileMode mode) {
    return counted(super.put(content, remotePath, mode));
  }

  /** Makes {@link #bulk()} answer {@code bulk}, as an SSH transport answers its second connection. */
  RecordingTransport withBulk(Transport bulk) {
    this.bulk = bulk;
    return this;
  }

  @Override
  public Transport bulk() {
    return bulk == null ? this : bulk;
  }

  @Override
  public void close() {
    closed.set(true);
    super.close();
  }
}
