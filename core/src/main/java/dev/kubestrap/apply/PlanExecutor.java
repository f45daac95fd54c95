package dev.kubestrap.apply;

import dev.kubestrap.io.DirectoryLock;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.transport.Transport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies a {@link ClusterPlan}: phases in order; within a phase, hosts in parallel, at most
 * {@code concurrency} at a time; each host through one {@link Transport}, opened on first use, reused
 * across phases and closed when the apply ends. Every action is an "ensure": files whose remote SHA-256
 * already matches are not sent, a service is restarted only when one of its inputs changed, so a
 * second apply of the same plan sends nothing and restarts nothing.
 *
 * <p>A failing action stops the run: hosts busy with another action of the same phase finish it, no
 * later phase starts, and {@link #apply} throws an {@link ApplyException} naming host, phase and action.
 *
 * <p>Defaults: concurrency {@value #DEFAULT_CONCURRENCY}, no listener, {@link ServiceManager#systemd()}, {@link
 * RemoteInspection#batched()}, {@link BinaryDelivery#upload()}, no state directory (then the last applied plan is not recorded, restarts
 * owed by a stopped run are only remembered by this executor instance, and nothing keeps two runs apart),
 * 30 journal lines.
 */
public final class PlanExecutor {
  /** How many hosts of a phase are worked on at the same time unless set. */
  public static final int DEFAULT_CONCURRENCY = 10;

  private final Function<HostId, Transport> transports;
  private final int concurrency;
  private final ApplyListener listener;
  private final ServiceManager services;
  private final RemoteInspection inspection;
  private final Optional<AppliedPlanStore> store;
  private final int journalLines;
  /** Owed work when there is no state directory: remembered by this executor across its applies. */
  private final PendingWork memory = PendingWork.inMemory();
  private final List<ClusterStep> clusterSteps;
  private final BinaryDelivery delivery;

  private PlanExecutor(Builder builder) {
    this.clusterSteps = List.copyOf(builder.clusterSteps);
    this.transports = builder.transports;
    this.concurrency = builder.concurrency;
    this.listener = builder.listener;
    this.services = builder.services;
    this.inspection = builder.inspection;
    this.store = Optional.ofNullable(builder.stateDir).map(AppliedPlanStore::in);
    this.journalLines = builder.journalLines;
    this.delivery = builder.delivery;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Applies the plan and returns what was done. With a state directory, holds its lock for the whole run
   * (refusing at once, with the holder named, when another run holds it), keeps owed restarts in its journal as
   * they arise, and records the plan there when the run succeeds.
   *
   * @throws ApplyException when an action fails; its {@link ApplyException#report()} says what was done
   * @throws dev.kubestrap.io.DirectoryLockedException when another run holds the state directory
   */
  public ApplyReport apply(ClusterPlan plan) {
    return run(plan, "apply of cluster ", true);
  }

  /**
   * Applies part of a cluster (some hosts, some components), as {@link #apply} does, but leaves the recorded last
   * applied plan alone: the part is not the cluster's plan. Day-2 operations apply parts in order and record the
   * whole plan once they are done. With a state directory the part holds its lock and journals owed restarts as
   * {@link #apply} does (the lock is reentrant, so an operation that holds it may apply several parts).
   *
   * @throws ApplyException when an action fails; its {@link ApplyException#report()} says what was done
   */
  public ApplyReport applyPart(ClusterPlan part) {
    return run(part, "apply of part of cluster ", false);
  }

  private ApplyReport run(ClusterPlan plan, String purpose, boolean recordApplied) {
    if (store.isEmpty()) {
      return new ApplyRun(plan, this, memory).execute();
    }
    Path dir = store.get().directory();
    try (DirectoryLock lock = DirectoryLock.acquire(dir, purpose + plan.cluster());
        PendingWork pending = PendingWork.journaled(dir)) {
      ApplyReport report = new ApplyRun(plan, this, pending).execute();
      if (recordApplied) {
        store.get().recordApplied(plan.record());
      }
      return report;
    }
  }

  /** The local state this executor keeps, if a state directory was configured. */
  public Optional<AppliedPlanStore> store() {
    return store;
  }

  Function<HostId, Transport> transports() {
    return transports;
  }

  int concurrency() {
    return concurrency;
  }

  ApplyListener listener() {
    return listener;
  }

  ServiceManager services() {
    return services;
  }

  RemoteInspection inspection() {
    return inspection;
  }

  BinaryDelivery delivery() {
    return delivery;
  }

  int journalLines() {
    return journalLines;
  }

  List<ClusterStep> clusterSteps(Phase phase) {
    return clusterSteps.stream().filter(s -> s.phase() == phase).toList();
  }

  /** Work done once per apply through the cluster's API rather than on a host. */
  record ClusterStep(Phase phase, String description, Runnable step) {}

  /** Configures a {@link PlanExecutor}; only {@link #transports} is required. */
  public static final class Builder {
    private Function<HostId, Transport> transports;
    private int concurrency = DEFAULT_CONCURRENCY;
    private ApplyListener listener = ApplyListener.NONE;
    private ServiceManager services = ServiceManager.systemd();
    private RemoteInspection inspection = RemoteInspection.batched();
    private Path stateDir;
    private int journalLines = 30;
    private BinaryDelivery delivery = BinaryDelivery.upload();
    private final List<ClusterStep> clusterSteps = new ArrayList<>();

    private Builder() {}

    /**
     * Runs {@code step} once in {@code phase}, after the phase's host actions, from the calling
     * thread: for work done through the Kubernetes API, such as cluster RBAC and add-ons. Steps of one
     * phase run in the order added. A step that throws stops the run like a failed host action, with
     * host {@code cluster}. The phase runs even when the plan has no host actions in it.
     */
    public Builder clusterStep(Phase phase, String description, Runnable step) {
      Objects.requireNonNull(phase, "phase");
      dev.kubestrap.plan.internal.RemotePaths.requireNonBlank("cluster step description", description);
      clusterSteps.add(new ClusterStep(phase, description, Objects.requireNonNull(step, "step")));
      return this;
    }

    /**
     * Opens the transport of a host. Called at most once per host and apply, from the worker that
     * first needs the host; the executor closes every transport it got when the apply ends.
     */
    public Builder transports(Function<HostId, Transport> transports) {
      this.transports = transports;
      return this;
    }

    /** How many hosts of a phase are worked on at the same time. Default {@value PlanExecutor#DEFAULT_CONCURRENCY}. */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** Default: none. */
    public Builder listener(ApplyListener listener) {
      this.listener = listener;
      return this;
    }

    /** Default {@link ServiceManager#systemd()}. */
    public Builder serviceManager(ServiceManager services) {
      this.services = services;
      return this;
    }

    /** Default {@link RemoteInspection#batched()}; use {@link RemoteInspection#perFile()} for rooted local hosts. */
    public Builder inspection(RemoteInspection inspection) {
      this.inspection = inspection;
      return this;
    }

    /**
     * Where the last applied plan and owed restarts are kept (see {@link AppliedPlanStore}); an apply holds the
     * directory's lock while it runs. Default: not kept on disk.
     */
    public Builder stateDir(Path stateDir) {
      this.stateDir = stateDir;
      return this;
    }

    /** How many journal lines a service failure carries. Default 30. */
    public Builder journalLines(int journalLines) {
      this.journalLines = journalLines;
      return this;
    }

    /** How binaries reach the hosts; default {@link BinaryDelivery#upload()}. */
    public Builder binaryDelivery(BinaryDelivery delivery) {
      this.delivery = Objects.requireNonNull(delivery, "binaryDelivery");
      return this;
    }

    public PlanExecutor build() {
      Objects.requireNonNull(transports, "transports must be set");
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
      }
      if (journalLines < 0) {
        throw new IllegalArgumentException("journalLines must not be negative: " + journalLines);
      }
      Objects.requireNonNull(listener, "listener");
      Objects.requireNonNull(services, "serviceManager");
      Objects.requireNonNull(inspection, "inspection");
      return new PlanExecutor(this);
    }
  }
}
