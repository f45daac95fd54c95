package dev.kubestrap.apply;

/**
 * Receives {@link ApplyEvent}s. Called from the executor's worker threads, possibly concurrently for
 * different hosts: implementations must be thread-safe and quick. An exception thrown by a listener is
 * logged and otherwise ignored.
 */
@FunctionalInterface
public interface ApplyListener {
  /** A listener that ignores every event; the default of {@link PlanExecutor}. */
  ApplyListener NONE = event -> {};

  void onEvent(ApplyEvent event);
}
