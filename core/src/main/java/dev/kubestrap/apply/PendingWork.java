package dev.kubestrap.apply;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Restarts and daemon-reloads owed to hosts: added when an input changes, removed when done. Kept in
 * the state directory when there is one, so that a run stopped between sending a file and restarting
 * its service is completed by the next run.
 */
final class PendingWork {
  private static final String RELOAD = "@daemon-reload";

  private final Optional<AppliedPlanStore> store;
  private final Set<String> items;

  PendingWork(Optional<AppliedPlanStore> store) {
    this.store = store;
    this.items = store.map(AppliedPlanStore::pendingWork).orElseGet(TreeSet::new);
  }

  synchronized void restart(String host, String unit) {
    items.add(host + " " + unit);
  }

  synchronized boolean restartOwed(String host, String unit) {
    return items.contains(host + " " + unit);
  }

  synchronized void restarted(String host, String unit) {
    items.remove(host + " " + unit);
  }

  synchronized void reload(String host) {
    items.add(host + " " + RELOAD);
  }

  synchronized boolean reloadOwed(String host) {
    return items.contains(host + " " + RELOAD);
  }

  synchronized void reloaded(String host) {
    items.remove(host + " " + RELOAD);
  }

  synchronized void save() {
    store.ifPresent(s -> s.recordPendingWork(items));
  }
}
