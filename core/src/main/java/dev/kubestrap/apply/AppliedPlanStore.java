package dev.kubestrap.apply;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.io.AtomicFiles;
import dev.kubestrap.plan.PlanRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The executor's local state in a cluster's state directory (e.g. {@code ~/.kubestrap/<cluster>/}):
 *
 * <ul>
 *   <li>{@code last-applied-plan.json}: the {@link PlanRecord} of the last apply that succeeded;
 *   <li>{@code pending-work.journal}: restarts (and daemon-reloads) owed to hosts, recorded before the file
 *       that causes them is renamed into place and cleared once they happened, so that the next apply does
 *       them even though the files are then already up to date, however the run that sent the files ended;
 *   <li>{@code .kubestrap.lock} and {@code .kubestrap.lock-holder}: the lock that keeps a second run off the
 *       directory, and who holds it (see {@link dev.kubestrap.io.DirectoryLock}).
 * </ul>
 *
 * {@code last-applied-plan.json} is replaced atomically (written beside, then renamed), so a crash leaves the
 * old or the new content, never a mix; the journal is only appended to, each line forced to disk.
 */
public final class AppliedPlanStore {
  static final String LAST_APPLIED = "last-applied-plan.json";

  private final Path dir;

  private AppliedPlanStore(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  public static AppliedPlanStore in(Path stateDir) {
    return new AppliedPlanStore(stateDir);
  }

  public Path directory() {
    return dir;
  }

  /** The record of the last successful apply, if any. */
  public Optional<PlanRecord> lastApplied() {
    return read(LAST_APPLIED).map(PlanRecord::fromJson);
  }

  public void recordApplied(PlanRecord record) {
    write(LAST_APPLIED, record.toJson());
  }

  /**
   * The work still owed to hosts, each {@code "<host> <unit>"}, {@code "<host> @daemon-reload"} or {@code "<host>
   * @daemon-reload:<unit>"} (a reload owed for that unit's file, done only if systemd holds an older version): what
   * the next apply restarts (or reloads) even if no file changes.
   */
  public Set<String> pendingWork() {
    return new TreeSet<>(PendingJournal.replay(dir).keySet());
  }

  private Optional<String> read(String name) {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new KubestrapException("reading " + file + " failed: " + e.getMessage(), e);
    }
  }

  /** Owner-only: the record lists the digest of every file sent, key files included. */
  private void write(String name, String content) {
    Path file = dir.resolve(name);
    try {
      AtomicFiles.writeUninterruptibly(file, content.getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
    } catch (IOException e) {
      throw new KubestrapException("writing " + file + " failed: " + e.getMessage(), e);
    }
  }
}
