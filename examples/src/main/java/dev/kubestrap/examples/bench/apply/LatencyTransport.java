package dev.kubestrap.examples.bench.apply;

import dev.kubestrap.transport.ForwardingTransport;
import dev.kubestrap.transport.Transport;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SIMULATION of a remote host for benchmarks: wraps a real transport (here a rooted local one) and
 * sleeps a fixed round-trip time before every call that would cross the network on a real host
 * (exec, put, get, sha256, exists, mkdirs, remove). It counts those round trips. It does not model
 * bandwidth: the benchmark files are small.
 */
public final class LatencyTransport extends ForwardingTransport {
  private final long roundTripNanos;
  private final AtomicInteger roundTrips;

  /**
   * @param roundTrips a counter shared by all hosts of a run, so the benchmark can report the total
   */
  public LatencyTransport(Transport delegate, Duration roundTrip, AtomicInteger roundTrips) {
    super(delegate);
    this.roundTripNanos = roundTrip.toNanos();
    this.roundTrips = roundTrips;
  }

  @Override
  protected void beforeRoundTrip() {
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
    return "simulated(" + delegate().target() + ")";
  }
}
