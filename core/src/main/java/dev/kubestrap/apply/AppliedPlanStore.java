package dev.kubestrap.apply;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.io.AtomicFiles;
import dev.kubestrap.plan.PlanRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The executor's local state in a cluster's state directory (e.g. {@code ~/.kubestrap/<cluster>/}):
 *
 * <ul>
 *   <li>{@code last-applied-plan.json}: the {@link PlanRecord} of the last apply that succeeded;
 *   <li>{@code pending-work.txt}: services whose inputs changed (and hosts whose units changed) but
 *       that a stopped apply did not get to restart (or reload), so the next apply does it even though
 *       the files are then already up to date.
 * </ul>
 *
 * Every file is replaced atomically (written beside, then renamed), so a crash leaves the old or the
 * new content, never a mix.
 */
public final class AppliedPlanStore {
  static final String LAST_APPLIED = "last-applied-plan.json";
  static final String PENDING = "pending-work.txt";

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

  /** Pending work items, each {@code <host> <unit>} or {@code <host> @daemon-reload}. */
  Set<String> pendingWork() {
    return read(PENDING)
        .map(text -> Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).collect(Collectors.toCollection(TreeSet::new)))
        .orElseGet(TreeSet::new);
  }

  void recordPendingWork(Set<String> items) {
    write(PENDING, new TreeSet<>(items).stream().map(i -> i + "\n").collect(Collectors.joining()));
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
      AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
    } catch (IOException e) {
      throw new KubestrapException("writing " + file + " failed: " + e.getMessage(), e);
    }
  }
}
