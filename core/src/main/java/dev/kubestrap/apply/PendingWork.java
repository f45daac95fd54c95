package dev.kubestrap.apply;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restarts and daemon-reloads owed to hosts. A placement that may change a file first records what the change
 * owes ({@link #owe}), takes it back if the file turned out unchanged ({@link #drop}), and the debt is paid once
 * the service restarted or systemd reloaded ({@link #done}). With a state directory every step is in the
 * {@link PendingJournal} on disk before it takes effect, so a run stopped in any way between a file's rename
 * and its service's restart (an exception, an interrupt, {@code kill -9}, a power cut) leaves the restart owed
 * to the next run. Without one, only this object remembers.
 */
final class PendingWork implements AutoCloseable {
  /** A daemon-reload owed for reasons not known (a drop-in, or a journal of an earlier version): always paid. */
  static final String RELOAD = "@daemon-reload";
  /** The start of a daemon-reload owed for one unit's file, which may be paid without a reload (see below). */
  private static final String RELOAD_FOR = RELOAD + ":";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What one placement owes, as recorded: given back to {@link #drop} when it changed nothing. */
  record Debt(String host, List<String> items, String id) {
    static final Debt NONE = new Debt("", List.of(), "");
  }

  private final Map<String, Set<String>> owed;
  private final Optional<PendingJournal> journal;
  private final String run = HexFormat.of().toHexDigits(RANDOM.nextInt());
  private final AtomicLong debts = new AtomicLong();

  private PendingWork(Map<String, Set<String>> owed, Optional<PendingJournal> journal) {
    this.owed = owed;
    this.journal = journal;
  }

  /** Owed work kept in memory only. */
  static PendingWork inMemory() {
    return new PendingWork(new TreeMap<>(), Optional.empty());
  }

  /** Owed work kept in {@code stateDir}'s journal, starting from what it still holds. The caller holds its lock. */
  static PendingWork journaled(Path stateDir) {
    Map<String, Set<String>> owed = PendingJournal.replay(stateDir);
    PendingJournal journal = PendingJournal.open(stateDir, owed.keySet());
    owed.replaceAll((key, ids) -> new TreeSet<>(Set.of(PendingJournal.CARRIED)));
    return new PendingWork(owed, Optional.of(journal));
  }

  /** Records, durably when journaled, that {@code host} will owe {@code items} once a file is replaced. */
  Debt owe(String host, Collection<String> items) {
    if (items.isEmpty()) {
      return Debt.NONE;
    }
    Debt debt = new Debt(host, List.copyOf(items), run + "." + debts.incrementAndGet());
    journal.ifPresent(j -> j.append(lines("owe", debt)));
    synchronized (this) {
      debt.items().forEach(item -> owed.computeIfAbsent(key(host, item), k -> new TreeSet<>()).add(debt.id()));
    }
    return debt;
  }

  /** Takes back a debt whose file was already up to date. */
  void drop(Debt debt) {
    if (debt.items().isEmpty()) {
      return;
    }
    journal.ifPresent(j -> j.append(lines("drop", debt)));
    synchronized (this) {
      for (String item : debt.items()) {
        Set<String> ids = owed.get(key(debt.host(), item));
        if (ids != null && ids.remove(debt.id()) && ids.isEmpty()) {
          owed.remove(key(debt.host(), item));
        }
      }
    }
  }

  /**
   * The item owed when a unit's file is replaced: a daemon-reload for that unit, which {@link
   * ServiceManager#daemonReloadFor} may find unneeded (systemd already reads the current file).
   */
  static String reloadFor(String unit) {
    return RELOAD_FOR + unit;
  }

  /** The daemon-reloads owed to {@code host}: {@link #RELOAD} and {@link #reloadFor} items. */
  synchronized Set<String> reloadsOwed(String host) {
    Set<String> reloads = new TreeSet<>();
    String mine = key(host, "");
    for (String key : owed.keySet()) {
      String item = key.startsWith(mine) ? key.substring(mine.length()) : "";
      if (item.equals(RELOAD) || item.startsWith(RELOAD_FOR)) {
        reloads.add(item);
      }
    }
    return reloads;
  }

  /** The unit a {@link #reloadFor} item names; empty for {@link #RELOAD}. */
  static Optional<String> reloadedUnit(String item) {
    return item.startsWith(RELOAD_FOR) ? Optional.of(item.substring(RELOAD_FOR.length()))
        : Optional.empty();
  }

  synchronized boolean isOwed(String host, String item) {
    return owed.containsKey(key(host, item));
  }

  /** Records that {@code item} was restarted (or reloaded) on {@code host}: every debt of it is paid. */
  void done(String host, String item) {
    if (!isOwed(host, item)) {
      return;
    }
    journal.ifPresent(j -> j.append(List.of(PendingJournal.done(key(host, item)))));
    synchronized (this) {
      owed.remove(key(host, item));
    }
  }

  /** Everything owed, as {@code "<host> <unit>"}, {@code "<host> @daemon-reload"} or {@code "<host> @daemon-reload:<unit>"}. */
  synchronized Set<String> items() {
    return new TreeSet<>(owed.keySet());
  }

  @Override
  public void close() {
    journal.ifPresent(PendingJournal::close);
  }

  private static List<String> lines(String kind, Debt debt) {
    List<String> lines = new ArrayList<>();
    debt.items().forEach(item -> lines.add(PendingJournal.line(kind, debt.id(), key(debt.host(), item))));
    return lines;
  }

  private static String key(String host, String item) {
    return host + " " + item;
  }
}
