package dev.kubestrap.apply;

import dev.kubestrap.apply.internal.AnsweringTransport;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.HostPlan;
import dev.kubestrap.plan.InstallUnit;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.PhasePlan;
import dev.kubestrap.plan.ServiceAction;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One execution of a plan: the worker pool, the open transports, the tallies and the first failure. */
final class ApplyRun {
  private static final Logger LOG = LoggerFactory.getLogger(ApplyRun.class);

  /** The first failure of the run; the one the caller sees. */
  record Failure(HostId host, String target, Phase phase, String action, String reason, List<String> journal,
      Throwable cause) {}

  /** Stands for the cluster's API in failures of cluster steps. */
  static final HostId CLUSTER = HostId.of("cluster");
  /** How long a stopped run waits for its workers to leave their actions. */
  private static final Duration WORKER_GRACE = Duration.ofSeconds(5);

  private final ClusterPlan plan;
  private final PlanExecutor config;
  private final PendingWork pending;
  private final Map<HostId, Transport> open = new ConcurrentHashMap<>();
  private final Deque<HostId> openOrder = new ArrayDeque<>();
  private final Map<HostId, HostTally> tallies = new LinkedHashMap<>();
  private final Map<Phase, Duration> phaseDurations = new LinkedHashMap<>();
  private final AtomicReference<Failure> failure = new AtomicReference<>();
  private final Map<HostId, Map<String, Set<String>>> dependents = new HashMap<>();
  private final BinaryPlacer binaries;
  /** Each host's answers to the questions of its phases, asked ahead of time. */
  private final Map<HostId, AnsweringTransport> answers = new ConcurrentHashMap<>();
  /** What each host's first phase asked about for all its phases (see {@link #answering}). */
  private final Map<HostId, AskedAhead> askedAhead = new ConcurrentHashMap<>();
  /** No call but answered questions has reached any host, and no cluster step has run, in this run. */
  private final java.util.concurrent.atomic.AtomicBoolean quiet = new java.util.concurrent.atomic.AtomicBoolean(true);

  ApplyRun(ClusterPlan plan, PlanExecutor config, PendingWork pending) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.config = config;
    this.pending = pending;
    plan.hosts().forEach(h -> tallies.put(h, new HostTally(h)));
    indexDependents();
    this.binaries = new BinaryPlacer(config.delivery(), this, plan);
  }

  /** For each host, which services restart when a path changes: declared inputs plus their own unit file. */
  private void indexDependents() {
    Map<HostId, Map<String, String>> unitPaths = new HashMap<>();
    for (PhasePlan phase : plan.phases()) {
      for (HostPlan host : phase.hosts()) {
        for (InstallUnit unit : host.actionsOf(InstallUnit.class)) {
          unitPaths.computeIfAbsent(host.host(), h -> new HashMap<>()).put(unit.name(), unit.path());
        }
      }
    }
    for (PhasePlan phase : plan.phases()) {
      for (HostPlan host : phase.hosts()) {
        Map<String, Set<String>> byPath = dependents.computeIfAbsent(host.host(), h -> new HashMap<>());
        for (ServiceAction service : host.actionsOf(ServiceAction.class)) {
          Set<String> inputs = new HashSet<>(service.restartOn());
          String unitPath = unitPaths.getOrDefault(host.host(), Map.of()).get(service.unit());
          if (unitPath != null) {
            inputs.add(unitPath);
          }
          inputs.forEach(path -> byPath.computeIfAbsent(path, p -> new TreeSet<>()).add(service.unit()));
        }
      }
    }
  }

  /** The services on {@code host} that must restart when {@code path} changes. */
  Set<String> dependentsOf(HostId host, String path) {
    return dependents.getOrDefault(host, Map.of()).getOrDefault(path, Set.of());
  }

  ApplyReport execute() {
    long start = System.nanoTime();
    emit(new ApplyEvent.ApplyStarted(Instant.now(), plan.cluster(), List.copyOf(plan.hosts()), config.concurrency()));
    int widest = plan.phases().stream().mapToInt(p -> p.hosts().size()).max().orElse(1);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.concurrency(), widest), threads());
    try {
      binaries.startStaging(config.concurrency());
      for (Phase phase : Phase.values()) {
        if (stopped()) {
          break;
        }
        PhasePlan hosts = plan.phases().stream().filter(p -> p.phase() == phase).findFirst()
            .orElse(new PhasePlan(phase, List.of()));
        if (!hosts.hosts().isEmpty() || !config.clusterSteps(phase).isEmpty()) {
          runPhase(pool, hosts);
        }
      }
    } finally {
      pool.shutdownNow();
      binaries.close();
      closeTransports();
      awaitWorkers(pool);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Failure first = failure.get();
    emit(new ApplyEvent.ApplyFinished(Instant.now(), first == null, took));
    ApplyReport report = new ApplyReport(plan.cluster(), first == null, took, phaseDurations,
        tallies.values().stream().map(HostTally::report).toList());
    if (first != null) {
      throw new ApplyException(first.host(), first.target(), first.phase(), first.action(), first.reason(),
          first.journal(), report, first.cause());
    }
    return report;
  }

  private void runPhase(ExecutorService pool, PhasePlan phase) {
    long start = System.nanoTime();
    List<HostId> hosts = phase.hosts().stream().map(HostPlan::host).toList();
    emit(new ApplyEvent.PhaseStarted(Instant.now(), phase.phase(), hosts));
    List<Future<?>> futures = new ArrayList<>();
    for (HostPlan host : phase.hosts()) {
      futures.add(pool.submit(() -> new HostPhaseRun(this, phase.phase(), host).run()));
    }
    for (int i = 0; i < futures.size(); i++) {
      try {
        futures.get(i).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        HostId busy = hosts.stream().filter(h -> tally(h).inProgress().isPresent()).findFirst().orElse(hosts.get(i));
        fail(new Failure(busy, tally(busy).target, phase.phase(), tally(busy).inProgress().orElse("wait for hosts"),
            "interrupted", List.of(), e));
        futures.forEach(f -> f.cancel(true));
        break;
      } catch (ExecutionException e) {
        fail(new Failure(hosts.get(i), tally(hosts.get(i)).target, phase.phase(), "run host",
            String.valueOf(e.getCause()), List.of(), e.getCause()));
      }
    }
    for (PlanExecutor.ClusterStep step : config.clusterSteps(phase.phase())) {
      if (stopped()) {
        break;
      }
      runClusterStep(step);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    phaseDurations.put(phase.phase(), took);
    emit(new ApplyEvent.PhaseFinished(Instant.now(), phase.phase(), !stopped(), took));
  }

  private void runClusterStep(PlanExecutor.ClusterStep step) {
    quiet.set(false);
    long start = System.nanoTime();
    emit(new ApplyEvent.ClusterStepStarted(Instant.now(), step.phase(), step.description()));
    try {
      step.step().run();
      emit(new ApplyEvent.ClusterStepFinished(Instant.now(), step.phase(), step.description(),
          Duration.ofNanos(System.nanoTime() - start)));
    } catch (RuntimeException e) {
      fail(new Failure(CLUSTER, "cluster API", step.phase(), step.description(),
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), List.of(), e));
    }
  }

  /** The host's transport, opened on first use by the worker that needs it. */
  Transport transport(HostId host) {
    // A host's own worker and, when it serves binaries, the workers of other hosts may ask at once: open it once.
    return open.computeIfAbsent(host, h -> {
      Transport transport = Objects.requireNonNull(config.transports().apply(h), "transport of " + h);
      synchronized (openOrder) {
        openOrder.push(h);
      }
      tally(h).target = transport.target();
      return transport;
    });
  }

  /**
   * The transport through which {@code host} works on {@code phase}, answering the phase's questions. At the host's
   * first phase it asks the questions of all the host's phases at once: an unchanged host then costs one round trip
   * for the whole apply. Those answers serve a later phase only while nothing has reached any host and no cluster
   * step has run since (a guard may look at what another host runs); otherwise the phase asks its own questions.
   */
  AnsweringTransport answering(HostId host, Phase phase, Transport connection) {
    AnsweringTransport current = answers.get(host);
    if (current != null && current.answering() && quiet.get()) {
      return current;
    }
    List<HostPlan> asking = new ArrayList<>();
    for (PhasePlan later : plan.phases()) {
      if (later.phase() == phase || current == null && later.phase().compareTo(phase) > 0) {
        later.hosts().stream().filter(h -> h.host().equals(host)).forEach(asking::add);
      }
    }
    List<Command> questions = new ArrayList<>();
    HostPaths pathsAhead = null;
    List<String> unitsAhead = null;
    if (asking.size() > 1) {
      // One inspection of every path of the host's phases instead of one per phase: each runs a shell and half a
      // dozen processes on the host, the bulk of an unchanged host's answer. Likewise one status command for the
      // units of all its phases: each systemctl asks systemd for every unit's enablement, 10 to 15 ms a call.
      HostPaths paths = HostPaths.of(asking);
      Optional<Command> inspection = config.inspection().command(paths.directories(), paths.files());
      if (inspection.isPresent()) {
        questions.add(inspection.get());
        pathsAhead = paths;
      }
      List<String> units = asking.stream().flatMap(h -> HostPhaseRun.units(h).stream()).distinct().toList();
      Optional<Command> status = config.services().statusCommand(units);
      if (status.isPresent()) {
        questions.add(status.get());
        unitsAhead = units;
      }
    }
    boolean ownPaths = pathsAhead == null;
    boolean ownUnits = unitsAhead == null;
    asking.forEach(h -> questions.addAll(HostPhaseRun.questions(h, config, ownPaths, ownUnits)));
    askedAhead.put(host, new AskedAhead(pathsAhead, unitsAhead));
    AnsweringTransport asked = AnsweringTransport.asking(connection, questions, () -> quiet.set(false));
    answers.put(host, asked);
    return asked;
  }

  /** The directories and files of several phases of one host, each once, in plan order. */
  record HostPaths(List<String> directories, List<String> files) {
    static HostPaths of(List<HostPlan> phases) {
      Set<String> directories = new LinkedHashSet<>();
      Set<String> files = new LinkedHashSet<>();
      phases.forEach(phase -> {
        directories.addAll(HostPhaseRun.directories(phase));
        files.addAll(HostPhaseRun.files(phase));
      });
      return new HostPaths(List.copyOf(directories), List.copyOf(files));
    }
  }

  /**
   * What a host's first phase asked for all its phases at once: the paths of one inspection and the units of one
   * status command, each null when the phases ask their own.
   */
  private record AskedAhead(HostPaths paths, List<String> units) {}

  /**
   * The paths {@code host}'s phases were inspected for together, while {@code answering} (the transport {@link
   * #answering} returned) still answers that inspection; empty when the phase inspects its own paths.
   */
  Optional<HostPaths> pathsAskedAhead(HostId host, AnsweringTransport answering) {
    return askedAheadWhile(host, answering).map(AskedAhead::paths);
  }

  /**
   * The units of {@code host}'s phases whose status was asked together, while {@code answering} (the transport {@link
   * #answering} returned) still answers it; empty when the phase asks for its own units.
   */
  Optional<List<String>> unitsAskedAhead(HostId host, AnsweringTransport answering) {
    return askedAheadWhile(host, answering).map(AskedAhead::units);
  }

  private Optional<AskedAhead> askedAheadWhile(HostId host, AnsweringTransport answering) {
    AskedAhead ahead = askedAhead.get(host);
    return ahead != null && answering != null && answers.get(host) == answering && answering.answering()
        ? Optional.of(ahead)
        : Optional.empty();
  }

  /** How this run places binaries. */
  BinaryPlacer binaries() {
    return binaries;
  }

  private void closeTransports() {
    synchronized (openOrder) {
      while (!openOrder.isEmpty()) {
        HostId host = openOrder.pop();
        try {
          open.remove(host).close();
        } catch (RuntimeException e) {
          LOG.warn("closing the transport of {} failed: {}", host, e.toString());
        }
      }
    }
  }

  /**
   * Waits a little for workers still inside an action (their transports are closed, so they end quickly), so
   * that what they did is in the journal before it closes. An interrupt does not cut this short; it is kept.
   */
  private static void awaitWorkers(ExecutorService pool) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + WORKER_GRACE.toNanos();
    while (!pool.isTerminated() && System.nanoTime() < deadline) {
      try {
        pool.awaitTermination(deadline - System.nanoTime(), java.util.concurrent.TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  PendingWork pending() {
    return pending;
  }

  HostTally tally(HostId host) {
    return tallies.get(host);
  }

  PlanExecutor config() {
    return config;
  }

  /** True once any host failed: workers stop before their next action. */
  boolean stopped() {
    return failure.get() != null;
  }

  void fail(Failure failed) {
    failure.compareAndSet(null, failed);
  }

  void emit(ApplyEvent event) {
    try {
      config.listener().onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("apply listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
    }
  }

  private static ThreadFactory threads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "kubestrap-apply-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
