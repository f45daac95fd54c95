package dev.kubestrap.apply;

import dev.kubestrap.apply.internal.ArtifactServer;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.HostPlan;
import dev.kubestrap.plan.PhasePlan;
import dev.kubestrap.plan.PutBinary;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each host the programs of all its phases from the start of an upload apply, one host per thread, in plan
 * order, into the host's staging directory (by default {@link ArtifactServer#STAGING}, file name: the sha256), while the earlier
 * phases run. Phases wait for each other, and a host has nothing to receive while another host works alone (etcd and
 * the control plane are the control-plane hosts' only): without staging the link sits idle between the phases and a
 * host's programs cross one phase at a time. When a phase reaches a program, {@link #take} places the staged copy
 * (moved beside the target at its last use on the host, copied before, then renamed over the target); a program staging has not
 * started yet is left to the phase, which sends it itself, and one being sent is waited for.
 *
 * <p>A staged file is checked on the host against the program's pinned sha256 ({@link Transport#putPinned}) and is
 * only a name in the staging directory until placed, so an interrupted apply leaves nothing half-placed. An apply that succeeds
 * removes what it staged; one that fails leaves it for the next apply, which then sends nothing again (the upload
 * finds the staged file with its digest), and reset removes the directory.
 *
 * <p>Only programs whose target is missing on the host (one {@code test -e} per path, no digests) are staged: the bulk of
 * a fresh host. A program that replaces one in place (an upgrade, a changed build) goes with its phase, as before:
 * the phase decides when a running service's program changes. Staging runs only with the default inspection on
 * absolute paths (SSH, unrooted local transports): its commands name host paths.
 */
final class BinaryStaging implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BinaryStaging.class);
  private static final Duration PLACE_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  /**
   * $1 staged file, $2 target, $3 mode, $4 owner[:group] or empty, $5 {@code move} for the staged file's last use on
   * the host, else {@code copy}. Moves (or copies) the staged file beside the target under a temporary name, applies
   * mode and owner, renames it over the target; removes the temporary file on any failure. Never a hard link: removing
   * the staged name later would change the placed file's change time after its digest was recorded (the digest
   * cache's key), and two targets would share an inode.
   */
  static final String PLACE = String.join("\n",
      "s=$1 t=$2",
      "[ -f \"$s\" ] || { echo \"$s is not staged\" >&2; exit 1; }",
      "mkdir -p -- \"${t%/*}\" || exit 1",
      "tmp=$(mktemp \"${t%/*}/.${t##*/}" + Transport.TEMP_MARKER + "XXXXXXXXXXXXXXXX\") || exit 1",
      "if [ \"$5\" = move ]; then mv -f -- \"$s\" \"$tmp\"; else cp -- \"$s\" \"$tmp\"; fi \\",
      "  && chmod \"$3\" -- \"$tmp\" && { [ -z \"$4\" ] || chown -- \"$4\" \"$tmp\"; } && mv -f -- \"$tmp\" \"$t\" \\",
      "  || { rm -f -- \"$tmp\"; exit 1; }");

  /**
   * $@ paths: prints each path where nothing is (not even a dangling link), NUL-terminated. Only whether a target is
   * missing matters to staging: one {@code test} per path, no digests, nothing written on the host.
   */
  static final String MISSING = "for p do [ -e \"$p\" ] || [ -L \"$p\" ] || printf '%s\\0' \"$p\"; done";

  /** Where one program stands on its way to one host. */
  private enum State { PENDING, HELD, SENDING, STAGED, NONE }

  /** One program on its way to one host; the stager and the host's phase meet here. */
  private static final class Item {
    final PutBinary binary;
    private State state = State.PENDING;
    private PutResult staged;
    /** A placement has taken the staged file; {@code placing} while it is still reading it. */
    private boolean taken;
    private boolean placing;

    Item(PutBinary binary) {
      this.binary = binary;
    }

    /** For the stager, before it inspects the host: keeps the phase from sending the program meanwhile. */
    synchronized boolean hold() {
      if (state != State.PENDING) {
        return false;
      }
      state = State.HELD;
      return true;
    }

    /** For the stager: back to the phase (or to staging), or nothing to stage (the host has it, or staging ended). */
    synchronized void release(boolean toStage) {
      if (state == State.HELD) {
        state = toStage ? State.PENDING : State.NONE;
        notifyAll();
      }
    }

    /** For the stager: true when it should send this program now. */
    synchronized boolean claimForStaging() {
      if (state != State.PENDING) {
        return false;
      }
      state = State.SENDING;
      return true;
    }

    synchronized void finished(PutResult result) {
      staged = result;
      state = result == null ? State.NONE : State.STAGED;
      notifyAll();
    }

    /**
     * For the phase: the staged upload once it is there; empty when the phase should send the program itself
     * (staging had not started, failed, or the wait was interrupted).
     */
    synchronized Optional<PutResult> awaitStaged() {
      while (state == State.HELD || state == State.SENDING) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
      if (state == State.PENDING) {
        state = State.NONE;
      }
      return state == State.STAGED ? Optional.of(staged) : Optional.empty();
    }

    synchronized boolean isStaged() {
      return state == State.STAGED;
    }

    /** Not staged yet, and may still be: its phase may want the staged file later. */
    synchronized boolean pending() {
      return state == State.PENDING || state == State.HELD || state == State.SENDING;
    }

    /** Staged and not taken by a placement: its staged file is still needed. */
    synchronized boolean awaitsPlacement() {
      return state == State.STAGED && !taken;
    }

    synchronized void take() {
      taken = true;
      placing = true;
    }

    synchronized void placingDone() {
      placing = false;
    }

    synchronized boolean placing() {
      return placing;
    }
  }

  private record Key(HostId host, String path) {}

  private final ApplyRun run;
  private final String directory;
  private final Map<HostId, List<Item>> byHost = new LinkedHashMap<>();
  private final Map<Key, Item> items = new LinkedHashMap<>();
  private ExecutorService stagers;

  /** Stages the programs of {@code plan} into {@code directory} on each host. */
  BinaryStaging(ApplyRun run, ClusterPlan plan, String directory) {
    this.run = run;
    this.directory = directory;
    for (PhasePlan phase : plan.phases()) {
      for (HostPlan host : phase.hosts()) {
        for (PutBinary binary : host.actionsOf(PutBinary.class)) {
          Item item = new Item(binary);
          if (items.putIfAbsent(new Key(host.host(), binary.path()), item) == null) {
            byHost.computeIfAbsent(host.host(), h -> new ArrayList<>()).add(item);
          }
        }
      }
    }
  }

  /** Starts one stager per host with programs to receive, at most {@code concurrency} at once. */
  synchronized void start(int concurrency) {
    if (byHost.isEmpty() || stagers != null) {
      return;
    }
    AtomicInteger count = new AtomicInteger();
    stagers = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, byHost.size())), task -> {
      Thread thread = new Thread(task, "kubestrap-stage-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    byHost.forEach((host, hostItems) -> stagers.submit(() -> stage(host, hostItems)));
  }

  private void stage(HostId host, List<Item> hostItems) {
    // Held while the stager looks, so that no phase sends a program it is about to stage; a host whose phase already
    // sends programs itself is not staged.
    List<Item> held = hostItems.stream().filter(Item::hold).toList();
    if (held.size() < hostItems.size()) {
      held.forEach(item -> item.release(false));
      return;
    }
    Set<String> missing;
    // Staging's transfers go over the host's bulk transport (over SSH a second connection), so that the phases'
    // commands do not queue behind them; its first command here also opens it.
    Transport bulk;
    try {
      bulk = run.transport(host).bulk();
      List<String> paths = hostItems.stream().map(item -> item.binary.path()).toList();
      ExecResult listed = bulk.exec(Command.script(MISSING, paths.toArray(String[]::new)));
      if (!listed.succeeded()) {
        throw new IllegalStateException("exit code " + listed.exitCode() + ": " + listed.stderr().strip());
      }
      missing = new HashSet<>(List.of(listed.stdout().split("\0")));
    } catch (RuntimeException e) {
      LOG.debug("staging on {} did not start; the phases send the programs: {}", host, e.toString());
      held.forEach(item -> item.release(false));
      return;
    }
    for (Item item : hostItems) {
      item.release(missing.contains(item.binary.path()));
    }
    for (Item item : hostItems) {
      if (run.stopped() || Thread.currentThread().isInterrupted()) {
        return;
      }
      if (!item.claimForStaging()) {
        continue;
      }
      PutResult result = null;
      try {
        result = bulk.putPinned(item.binary.source().resolve(), stagedPath(item.binary.sha256()),
            item.binary.mode(), item.binary.sha256());
      } catch (RuntimeException e) {
        LOG.debug("staging {} on {} failed; its phase sends it: {}", item.binary.path(), host, e.toString());
      } finally {
        item.finished(result);
      }
    }
  }

  /**
   * Places {@code binary} on {@code host} from its staged copy, waiting for a staging in progress. Empty when there
   * is none to place (the caller sends the program itself); the result counts the bytes staging sent.
   */
  Optional<PutResult> take(HostId host, Transport transport, PutBinary binary) {
    Item item = items.get(new Key(host, binary.path()));
    if (item == null) {
      return Optional.empty();
    }
    Optional<PutResult> staged = item.awaitStaged();
    if (staged.isEmpty()) {
      return Optional.empty();
    }
    String use = takeStaged(host, item) ? "move" : "copy";
    ExecResult placed;
    try {
      placed = transport.exec(Command.script(PLACE, stagedPath(binary.sha256()),
          binary.path(), binary.mode().octal(), binary.mode().chownSpec(), use).withTimeout(PLACE_TIMEOUT));
    } finally {
      item.placingDone();
    }
    if (!placed.succeeded()) {
      LOG.debug("placing the staged {} on {} failed; sending it instead: {}", binary.path(), host,
          placed.stderr().strip());
      return Optional.empty();
    }
    return Optional.of(new PutResult(binary.path(), staged.get().sha256(), staged.get().bytesSent(), false));
  }

  /**
   * Marks {@code item}'s staged file taken and says whether it is the last program of {@code host} with that content
   * to need it (then the placement may move it rather than copy it).
   */
  private boolean takeStaged(HostId host, Item item) {
    // Placements of one host run on several threads: decide and mark under one lock. A placement moves the file only
    // when no other one may still need it, also none still copying it; otherwise it copies, and the staged file is
    // removed when the run ends.
    List<Item> hostItems = byHost.get(host);
    synchronized (hostItems) {
      item.take();
      return hostItems.stream().noneMatch(other -> other != item && other.binary.sha256().equals(item.binary.sha256())
          && (other.awaitsPlacement() || other.pending() || other.placing()));
    }
  }

  /**
   * Stops the stagers; after a successful run removes what they staged (one command per host), after a failed one
   * leaves it for the next apply. A failure to remove is logged: the next apply or reset removes it.
   */
  @Override
  public synchronized void close() {
    if (stagers == null) {
      return;
    }
    stagers.shutdownNow();
    try {
      stagers.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (run.stopped()) {
      return;
    }
    byHost.forEach((host, hostItems) -> {
      List<String> staged = hostItems.stream().filter(Item::isStaged)
          .map(item -> stagedPath(item.binary.sha256())).distinct().toList();
      if (staged.isEmpty()) {
        return;
      }
      try {
        List<String> argv = new ArrayList<>(List.of("rm", "-f", "--"));
        argv.addAll(staged);
        ExecResult removed = run.transport(host).exec(Command.of(argv));
        if (!removed.succeeded()) {
          LOG.debug("removing the staged programs on {} failed: {}", host, removed.stderr().strip());
        }
      } catch (RuntimeException e) {
        LOG.debug("removing the staged programs on {} failed: {}", host, e.toString());
      }
    });
  }

  private String stagedPath(String sha256) {
    return directory + "/" + sha256;
  }
}
