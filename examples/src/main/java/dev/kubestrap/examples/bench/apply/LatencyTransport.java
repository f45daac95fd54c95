package dev.kubestrap.examples.bench.apply;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.Transport;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SIMULATION of a remote host for benchmarks: wraps a real transport (here a rooted local one) and
 * sleeps a fixed round-trip time before every call that would cross the network on a real host
 * (exec, put, get, sha256, exists, mkdirs, remove). It counts those round trips. It does not model
 * bandwidth: the benchmark files are small.
 */
public final class LatencyTransport implements Transport {
  private final Transport delegate;
  private final long roundTripNanos;
  private final AtomicInteger roundTrips;

  /**
   * @param roundTrips a counter shared by all hosts of a run, so the benchmark can report the total
   */
  public LatencyTransport(Transport delegate, Duration roundTrip, AtomicInteger roundTrips) {
    this.delegate = delegate;
    this.roundTripNanos = roundTrip.toNanos();
    this.roundTrips = roundTrips;
  }

  private void roundTrip() {
    roundTrips.incrementAndGet();
    long until = System.nanoTime() + roundTripNanos;
    for (long left = roundTripNanos; left > 0; left = until - System.nanoTime()) {
      try {
        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public String target() {
    return "simulated(" + delegate.target() + ")";
  }

  @Override
  public ExecResult exec(Command command) {
    roundTrip();
    return delegate.exec(command);
  }

  @Override
  public PutResult put(byte[] content, String remotePath, FileMode mode) {
    roundTrip();
    return delegate.put(content, remotePath, mode);
  }

  @Override
  public PutResult put(Path localFile, String remotePath, FileMode mode) {
    roundTrip();
    return delegate.put(localFile, remotePath, mode);
  }

  @Override
  public PutResult put(InputStream content, String remotePath, FileMode mode) {
    roundTrip();
    return delegate.put(content, remotePath, mode);
  }

  @Override
  public byte[] get(String remotePath) {
    roundTrip();
    return delegate.get(remotePath);
  }

  @Override
  public void get(String remotePath, Path localFile) {
    roundTrip();
    delegate.get(remotePath, localFile);
  }

  @Override
  public Optional<String> sha256(String remotePath) {
    roundTrip();
    return delegate.sha256(remotePath);
  }

  @Override
  public boolean exists(String remotePath) {
    roundTrip();
    return delegate.exists(remotePath);
  }

  @Override
  public void mkdirs(String remotePath, FileMode mode) {
    roundTrip();
    delegate.mkdirs(remotePath, mode);
  }

  @Override
  public void remove(String remotePath) {
    roundTrip();
    delegate.remove(remotePath);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
