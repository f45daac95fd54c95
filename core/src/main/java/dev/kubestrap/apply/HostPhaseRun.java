package dev.kubestrap.apply;

import dev.kubestrap.apply.ApplyEvent.Outcome;
import dev.kubestrap.apply.internal.AnsweringTransport;
import dev.kubestrap.apply.internal.EndpointProbe;
import dev.kubestrap.apply.internal.RemoteState;
import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.EnsureDirectory;
import dev.kubestrap.plan.HealthProbe;
import dev.kubestrap.plan.HealthWait;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.HostPlan;
import dev.kubestrap.plan.InstallUnit;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.Placement;
import dev.kubestrap.plan.PutBinary;
import dev.kubestrap.plan.PutFile;
import dev.kubestrap.plan.RunCommand;
import dev.kubestrap.plan.ServiceAction;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Works through one host's actions of one phase, over the host's single transport. Actions run in plan
 * order (which puts a phase's placements ahead of its services, see {@code ClusterPlan.Builder}), except that a
 * run of consecutive file placements is sent up to {@link #PLACEMENTS_AT_ONCE} at a time: placements of a run do
 * not depend on each other, and whatever must follow them (daemon-reload, restarts, commands) comes after the
 * whole run.
 */
final class HostPhaseRun {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HostPhaseRun.class);
  /** Matches the SSH transport's budget of concurrent transfer channels per connection. */
  static final int PLACEMENTS_AT_ONCE = 3;
  private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
  // a check is one request through the host's open connection; at 5 s a restart that took 16 s cost up to 20 s
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
  private static final Duration LONGEST_PROBE = Duration.ofSeconds(30);

  /**
   * An action failed; {@code unit} names the service whose journal belongs in the report, {@code attempted} the
   * step that failed when it says more than the action's description (e.g. {@code restart kubelet.service}).
   */
  private static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Optional<String> unit;
    final transient Optional<String> attempted;

    StepFailed(String reason, Optional<String> unit, Throwable cause) {
      this(reason, unit, Optional.empty(), cause);
    }

    StepFailed(String reason, Optional<String> unit, Optional<String> attempted, Throwable cause) {
      super(reason, cause);
      this.unit = unit;
      this.attempted = attempted;
    }
  }

  /** Another host failed while this one was waiting; not a failure of its own. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private final ApplyRun run;
  private final Phase phase;
  private final HostPlan plan;
  private final HostId host;
  private final HostTally tally;
  private final PendingWork pending;
  private Transport transport;
  /** The transport answering this phase's questions (also {@link #transport} once connected). */
  private AnsweringTransport answering;
  private Map<String, RemoteState> remote = Map.of();
  private Map<String, ServiceStatus> statuses;
  /** What this phase placed on the host (path to sha256); placements may run on several threads. */
  private final Map<String, String> placed = new java.util.concurrent.ConcurrentHashMap<>();

  HostPhaseRun(ApplyRun run, Phase phase, HostPlan plan) {
    this.run = run;
    this.phase = phase;
    this.plan = plan;
    this.host = plan.host();
    this.tally = run.tally(host);
    this.pending = run.pending();
  }

  void run() {
    long start = System.nanoTime();
    run.emit(new ApplyEvent.HostStarted(Instant.now(), phase, host));
    boolean completed = !run.stopped() && prepare();
    List<Action> actions = plan.actions();
    for (int i = 0; completed && i < actions.size(); ) {
      int end = i;
      while (end < actions.size() && actions.get(end) instanceof Placement) {
        end++;
      }
      if (end - i > 1) {
        completed = performAtOnce(actions.subList(i, end));
        i = end;
      } else {
        completed = !run.stopped() && perform(actions.get(i));
        i++;
      }
    }
    rememberPlaced();
    long took = System.nanoTime() - start;
    tally.busyNanos += took;
    run.emit(new ApplyEvent.HostFinished(Instant.now(), phase, host, completed, Duration.ofNanos(took)));
  }

  /** Tells the inspection what this phase placed; a failure costs only a later re-read, so it is logged, not thrown. */
  private void rememberPlaced() {
    if (placed.isEmpty() || transport == null) {
      return;
    }
    try {
      run.config().inspection().remember(transport, placed);
    } catch (RuntimeException e) {
      LOG.debug("remembering {} placed digests on {} failed: {}", placed.size(), host, e.toString());
    }
  }

  /**
   * Connects (first phase only) and inspects the phase's paths. What the phase needs to know (the state of its paths,
   * the status of its services, the answers of its commands' guards) comes from one round trip: asked for all of the
   * host's phases at its first one, or for this phase alone once something has changed on a host (see {@link
   * ApplyRun#answering}). An answer holds only until the first call that reaches the host; after that each is asked
   * again when it is needed.
   */
  private boolean prepare() {
    String step = "connect";
    try {
      Transport connection = run.transport(host);
      transport = connection;
      List<String> directories = directories(plan);
      List<String> files = files(plan);
      step = "inspect " + (directories.size() + files.size()) + " paths";
      answering = run.answering(host, phase, connection);
      transport = answering;
      if (!directories.isEmpty() || !files.isEmpty()) {
        RemoteInspection inspection = run.config().inspection();
        remote = run.pathsAskedAhead(host, answering)
            .map(all -> only(inspection.inspect(answering, all.directories(), all.files()), directories, files))
            .orElseGet(() -> inspection.inspect(answering, directories, files));
      }
      return true;
    } catch (RuntimeException e) {
      run.fail(new ApplyRun.Failure(host, tally.target, phase, step, reason(e), List.of(), e));
      return false;
    }
  }

  /** The states of {@code directories} and {@code files} among those of an inspection of more paths. */
  private static Map<String, RemoteState> only(Map<String, RemoteState> states, List<String> directories,
      List<String> files) {
    Map<String, RemoteState> mine = new HashMap<>();
    for (List<String> paths : List.of(directories, files)) {
      paths.forEach(path -> {
        RemoteState state = states.get(path);
        if (state != null) {
          mine.put(path, state);
        }
      });
    }
    return mine;
  }

  /**
   * The read-only commands a host's phase asks before it changes anything: inspection and service statuses (each
   * unless asked for several phases together: {@code withInspection}, {@code withStatus} false), guards.
   */
  static List<Command> questions(HostPlan plan, PlanExecutor config, boolean withInspection, boolean withStatus) {
    List<Command> questions = new ArrayList<>();
    if (withInspection) {
      config.inspection().command(directories(plan), files(plan)).ifPresent(questions::add);
    }
    if (withStatus) {
      config.services().statusCommand(units(plan)).ifPresent(questions::add);
    }
    plan.actionsOf(RunCommand.class).stream().filter(c -> !c.unless().isEmpty()).map(HostPhaseRun::guard)
        .forEach(questions::add);
    return questions;
  }

  static List<String> directories(HostPlan plan) {
    return plan.actionsOf(EnsureDirectory.class).stream().map(EnsureDirectory::path).toList();
  }

  static List<String> files(HostPlan plan) {
    return plan.actionsOf(Placement.class).stream().map(Placement::path).toList();
  }

  static List<String> units(HostPlan plan) {
    return plan.actionsOf(ServiceAction.class).stream().map(ServiceAction::unit).toList();
  }

  private static Command guard(RunCommand command) {
    return Command.of(command.unless()).withTimeout(command.timeout());
  }

  /**
   * Performs independent actions on up to {@link #PLACEMENTS_AT_ONCE} threads (this one included); after
   * a failure no further action of the batch starts. True when all were done.
   */
  private boolean performAtOnce(List<Action> batch) {
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean ok = new AtomicBoolean(true);
    Runnable worker = () -> {
      for (int k; ok.get() && (k = next.getAndIncrement()) < batch.size(); ) {
        if (run.stopped() || !perform(batch.get(k))) {
          ok.set(false);
        }
      }
    };
    List<Thread> helpers = new ArrayList<>();
    for (int h = 1; h < Math.min(PLACEMENTS_AT_ONCE, batch.size()); h++) {
      Thread helper = new Thread(worker, "kubestrap-apply-" + host.name() + "-place-" + h);
      helper.setDaemon(true);
      helper.start();
      helpers.add(helper);
    }
    worker.run();
    boolean interrupted = false;
    for (Thread helper : helpers) {
      while (true) {
        try {
          helper.join();
          break;
        } catch (InterruptedException e) {
          // the run is being stopped: stop the helpers' transfers too, wait for them, then keep the interrupt
          interrupted = true;
          helpers.forEach(Thread::interrupt);
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return ok.get();
  }

  private boolean perform(Action action) {
    long start = System.nanoTime();
    run.emit(new ApplyEvent.ActionStarted(Instant.now(), phase, host, action));
    String description = describe(action);
    tally.current.add(description);
    try {
      Optional<Outcome> outcome = execute(action);
      if (outcome.isPresent()) {
        run.emit(new ApplyEvent.ActionFinished(Instant.now(), phase, host, action, outcome.get(),
            Duration.ofNanos(System.nanoTime() - start)));
      }
      return true;
    } catch (Stopped e) {
      return false;
    } catch (RuntimeException e) {
      Optional<String> unit = e instanceof StepFailed f ? f.unit : Optional.empty();
      String attempted = e instanceof StepFailed f ? f.attempted.orElse(describe(action)) : describe(action);
      List<String> journal = unit.map(this::journal).orElse(List.of());
      String reason = reason(e);
      run.emit(new ApplyEvent.ActionFailed(Instant.now(), phase, host, action, reason));
      run.fail(new ApplyRun.Failure(host, tally.target, phase, attempted, reason,
          journal, e instanceof StepFailed && e.getCause() != null ? e.getCause() : e));
      return false;
    } finally {
      tally.current.remove(description);
    }
  }

  private static String describe(Action action) {
    return action.describe().replaceAll("\\s+", " ");
  }

  /** Does the action; empty when it was skipped (the skip event is already sent). */
  private Optional<Outcome> execute(Action action) {
    if (action instanceof EnsureDirectory directory) {
      return ensureDirectory(directory);
    } else if (action instanceof Placement placement) {
      return place(placement);
    } else if (action instanceof ServiceAction service) {
      return ensureService(service);
    } else if (action instanceof RunCommand command) {
      return runCommand(command);
    } else if (action instanceof HealthWait wait) {
      return waitHealthy(wait);
    }
    throw new IllegalStateException("unknown action " + action.getClass());
  }

  private Optional<Outcome> ensureDirectory(EnsureDirectory directory) {
    RemoteState state = remote.get(directory.path());
    if (state == null) {
      if (transport.exists(directory.path())) {
        return skip(directory, "exists");
      }
    } else if (state.kind() == RemoteState.Kind.DIRECTORY && state.hasMode(directory.mode())) {
      return skip(directory, "exists with mode " + directory.mode().octal());
    }
    transport.mkdirs(directory.path(), directory.mode());
    if (state != null && state.kind() == RemoteState.Kind.DIRECTORY) {
      return Optional.of(Outcome.MODE_FIXED);
    }
    tally.directoriesCreated++;
    return Optional.of(Outcome.CHANGED);
  }

  private Optional<Outcome> place(Placement placement) {
    RemoteState state = remote.get(placement.path());
    boolean contentMatches = state != null && state.isFileWith(placement.sha256());
    if (contentMatches && state.hasMode(placement.mode())) {
      tally.fileSkipped();
      return skip(placement, "up to date");
    }
    if (state == null && placement instanceof PutBinary binary
        && transport.sha256(binary.path()).map(binary.sha256()::equals).orElse(false)) {
      tally.fileSkipped();
      return skip(placement, "up to date");
    }
    PendingWork.Debt debt = pending.owe(host.name(), owedBy(placement));
    if (placement instanceof PutBinary binary) {
      BinaryPlacer.Placed placed = run.binaries().place(host, transport, binary);
      placed.fallback().ifPresent(why -> run.emit(new ApplyEvent.Warning(Instant.now(), phase, host, placement, why)));
      if (placed.byHost()) {
        this.placed.put(placement.path(), placement.sha256());
        tally.fileFetched();
        return Optional.of(Outcome.CHANGED);
      }
      return sent(placement, placed.result(), contentMatches, debt);
    }
    return sent(placement, send(placement), contentMatches, debt);
  }

  /** Counts a placement this machine sent (or found up to date on the way). */
  private Optional<Outcome> sent(Placement placement, PutResult result, boolean contentMatches,
      PendingWork.Debt debt) {
    if (result.skipped()) {
      pending.drop(debt);
      tally.fileSkipped();
      return contentMatches ? Optional.of(Outcome.MODE_FIXED) : skip(placement, "up to date");
    }
    if (!placement.sha256().equals(result.sha256())) {
      throw new StepFailed("sent content has sha256 " + result.sha256() + " but the plan expects "
          + placement.sha256(), Optional.empty(), null);
    }
    tally.fileSent(result.bytesSent());
    placed.put(placement.path(), placement.sha256());
    run.emit(new ApplyEvent.BytesSent(Instant.now(), phase, host, placement.path(), result.bytesSent()));
    return Optional.of(Outcome.CHANGED);
  }

  private PutResult send(Placement placement) {
    if (placement instanceof PutFile file) {
      return transport.put(file.content(), file.path(), file.mode());
    } else if (placement instanceof InstallUnit unit) {
      return transport.put(unit.content(), unit.path(), unit.mode());
    }
    throw new IllegalStateException("binaries are placed by the run's BinaryPlacer: " + placement);
  }

  /**
   * What replacing the placement's file owes: a daemon-reload for a unit, restarts for the services that depend
   * on it. Recorded before the file is sent, since the transport renames it into place before it returns.
   */
  private List<String> owedBy(Placement placement) {
    List<String> items = new ArrayList<>();
    if (placement instanceof InstallUnit unit) {
      items.add(PendingWork.reloadFor(unit.name()));
    } else if (isDropIn(placement.path())) {
      items.add(PendingWork.RELOAD);
    }
    items.addAll(run.dependentsOf(host, placement.path()));
    return items;
  }

  /** A unit drop-in ({@code <unit>.d/<name>.conf}): systemd reads it only after a daemon-reload, as a unit. */
  static boolean isDropIn(String path) {
    return path.matches(".*/[A-Za-z0-9:_.@-]+\\.(service|socket|timer|mount)\\.d/[^/]+\\.conf");
  }

  private Optional<Outcome> ensureService(ServiceAction service) {
    Optional<String> unit = Optional.of(service.unit());
    String name = host.name();
    ServiceManager services = run.config().services();
    String attempt = "daemon-reload";
    try {
      reloadIfOwed(services);
      attempt = "read the status of " + service.unit();
      ServiceStatus status = status(service.unit());
      boolean owed = pending.isOwed(name, service.unit());
      Outcome outcome;
      if (!status.active()) {
        boolean enable = service.enable() && !status.enabled();
        attempt = (enable ? "enable --now " : "start ") + service.unit();
        if (enable) {
          services.enable(transport, service.unit(), true);
        } else {
          services.start(transport, service.unit());
        }
        paid(service.unit());
        tally.started.add(service.unit());
        outcome = Outcome.STARTED;
      } else if (owed) {
        attempt = "restart " + service.unit();
        services.restart(transport, service.unit());
        paid(service.unit());
        if (service.enable() && !status.enabled()) {
          attempt = "enable " + service.unit();
          services.enable(transport, service.unit(), false);
        }
        tally.restarted.add(service.unit());
        outcome = Outcome.RESTARTED;
      } else if (service.enable() && !status.enabled()) {
        attempt = "enable " + service.unit();
        services.enable(transport, service.unit(), false);
        outcome = Outcome.ENABLED;
      } else {
        return skip(service, "running, inputs unchanged");
      }
      return Optional.of(outcome);
    } catch (StepFailed e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StepFailed(reason(e), unit, Optional.of(attempt), e);
    }
  }

  /**
   * Pays the daemon-reloads owed to this host: unconditionally when one is owed for a reason not known, else only
   * if systemd holds an older version of one of the placed units (a fresh host's new units need none).
   */
  private void reloadIfOwed(ServiceManager services) {
    Set<String> owed = pending.reloadsOwed(host.name());
    if (owed.isEmpty()) {
      return;
    }
    List<String> units = owed.stream().map(PendingWork::reloadedUnit).flatMap(Optional::stream).toList();
    if (units.size() < owed.size()) {
      services.daemonReload(transport);
    } else if (!services.daemonReloadFor(transport, units)) {
      LOG.debug("no daemon-reload needed on {}: systemd reads the current files of {}", host, units);
    }
    owed.forEach(item -> pending.done(host.name(), item));
  }

  /** A start counts as the restart owed: the service now runs on the current files. */
  private void paid(String unit) {
    try {
      pending.done(host.name(), unit);
    } catch (RuntimeException e) {
      throw new StepFailed(reason(e), Optional.empty(), Optional.of("record that " + unit + " restarted"), e);
    }
  }

  /**
   * The status of {@code unit}, read once per phase for all its units: from the status asked for all of the host's
   * phases at its first one while that answer holds, else with a status command of the phase's own units.
   */
  private ServiceStatus status(String unit) {
    if (statuses == null) {
      ServiceManager services = run.config().services();
      statuses = run.unitsAskedAhead(host, answering).map(all -> services.status(transport, all))
          .orElseGet(() -> services.status(transport, units(plan)));
    }
    return statuses.getOrDefault(unit, ServiceStatus.ABSENT);
  }

  private Optional<Outcome> runCommand(RunCommand command) {
    if (!command.unless().isEmpty()
        && transport.exec(guard(command)).succeeded()) {
      return skip(command, "guard passed: " + String.join(" ", command.unless()));
    }
    ExecResult result = transport.exec(Command.of(command.command()).withTimeout(command.timeout()));
    tally.commandsRun++;
    if (result.succeeded()) {
      return Optional.of(Outcome.CHANGED);
    }
    String reason = "exit code " + result.exitCode() + tail(result);
    if (command.allowFailure()) {
      run.emit(new ApplyEvent.Warning(Instant.now(), phase, host, command, reason));
      return Optional.of(Outcome.FAILED_ALLOWED);
    }
    throw new StepFailed(reason, Optional.empty(), null);
  }

  private Optional<Outcome> waitHealthy(HealthWait wait) {
    try (EndpointProbe endpoint = wait.check() instanceof HealthProbe.Endpoint e ? new EndpointProbe(transport, e)
        : null) {
      return pollUntilHealthy(wait, timeout -> endpoint != null ? endpoint.probe(timeout) : probeOnHost(wait, timeout));
    }
  }

  private Optional<Outcome> pollUntilHealthy(HealthWait wait, Function<Duration, Optional<String>> probe) {
    long deadline = System.nanoTime() + wait.timeout().toNanos();
    Duration pause = FIRST_PAUSE;
    int attempts = 0;
    while (true) {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      Duration probeTimeout = min(LONGEST_PROBE, max(left, Duration.ofSeconds(1)));
      Optional<String> problem = probe.apply(probeTimeout);
      attempts++;
      if (problem.isEmpty()) {
        return Optional.of(Outcome.HEALTHY);
      }
      left = Duration.ofNanos(deadline - System.nanoTime());
      if (left.isNegative() || left.isZero()) {
        throw new StepFailed("not healthy after " + seconds(wait.timeout()) + " (" + attempts
            + " checks); last check: " + problem.get(), wait.unit(), null);
      }
      sleep(min(pause, left));
      if (run.stopped()) {
        throw new Stopped();
      }
      pause = min(Duration.ofMillis(pause.toMillis() * 3 / 2), LONGEST_PAUSE);
    }
  }

  private Optional<String> probeOnHost(HealthWait wait, Duration timeout) {
    List<String> argv = ((HealthProbe.OnHost) wait.check()).command();
    try {
      ExecResult result = transport.exec(Command.of(argv).withTimeout(timeout));
      return result.succeeded() ? Optional.empty() : Optional.of("exit code " + result.exitCode() + tail(result));
    } catch (RuntimeException e) {
      return Optional.of(reason(e));
    }
  }

  private List<String> journal(String unit) {
    int lines = run.config().journalLines();
    if (lines == 0 || transport == null) {
      return List.of();
    }
    try {
      return run.config().services().journal(transport, unit, lines);
    } catch (RuntimeException e) {
      return List.of("(journal of " + unit + " unreadable: " + reason(e) + ")");
    }
  }

  private Optional<Outcome> skip(Action action, String reason) {
    run.emit(new ApplyEvent.ActionSkipped(Instant.now(), phase, host, action, reason));
    return Optional.empty();
  }

  private static String tail(ExecResult result) {
    String stderr = result.stderr().strip();
    if (stderr.isEmpty()) {
      return "";
    }
    String[] lines = stderr.split("\n");
    return ": " + String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 5), lines.length));
  }

  private static String reason(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(Math.max(1, pause.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailed("interrupted while waiting", Optional.empty(), e);
    }
  }
}
