package dev.kubestrap.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** Runs one action per host at the same time and collects every failure, not just the first. */
final class Parallel {
  private Parallel() {}

  /** Runs {@code action} for indexes {@code 0..count-1}; returns the failures in index order. */
  static List<RuntimeException> forEachIndex(int count, IntConsumer action) {
    List<RuntimeException> failures = new ArrayList<>();
    if (count == 0) {
      return failures;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 8));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> action.accept(index)));
      }
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          failures.add(e.getCause() instanceof RuntimeException runtime ? runtime
              : new SandboxException(e.getCause().toString(), e.getCause()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failures.add(new SandboxException("interrupted", e));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return failures;
  }

  /** Throws the first failure, with the others attached as suppressed; nothing if none. */
  static void throwFirst(List<RuntimeException> failures) {
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }
}
