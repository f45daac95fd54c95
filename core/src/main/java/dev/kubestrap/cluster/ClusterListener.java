package dev.kubestrap.cluster;

/**
 * Receives the {@link ClusterEvent}s of a {@link Cluster}: host actions of an apply (started, finished,
 * skipped, bytes sent), add-on objects applied, reset steps and verification progress. May be called from
 * several threads at once (hosts of a phase run in parallel): implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface ClusterListener {
  /** Ignores every event; the default. */
  ClusterListener NONE = event -> { };

  void onEvent(ClusterEvent event);
}
