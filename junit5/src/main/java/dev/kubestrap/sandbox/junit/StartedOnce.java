package dev.kubestrap.sandbox.junit;

import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Sandbox hosts or a sandbox cluster in JUnit's extension store: started on first use, closed by JUnit with the
 * context that holds it. A start that failed is remembered, so later users (nested classes, other classes sharing
 * it) fail at once with the same error instead of booting again.
 *
 * @param <T> what is started: a {@code Sandbox} or a {@code SandboxCluster}
 */
@SuppressWarnings("deprecation") // CloseableResource: JUnit closes it in every 5.x release, AutoCloseable only since 5.13
final class StartedOnce<T extends AutoCloseable> implements ExtensionContext.Store.CloseableResource {
  private final Supplier<T> start;
  private T started;
  private RuntimeException failure;

  StartedOnce(Supplier<T> start) {
    this.start = start;
  }

  /** The started value, starting it on the first call; the first failure again on every later call. */
  synchronized T get() {
    if (started != null) {
      return started;
    }
    if (failure != null) {
      throw failure;
    }
    try {
      started = start.get();
      return started;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /** The started value, if a start succeeded and it is not closed yet; starts nothing. */
  synchronized Optional<T> current() {
    return Optional.ofNullable(started);
  }

  @Override
  public synchronized void close() throws Exception {
    if (started != null) {
      T running = started;
      started = null;
      running.close();
    }
  }
}
