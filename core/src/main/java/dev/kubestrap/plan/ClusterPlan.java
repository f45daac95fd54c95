package dev.kubestrap.plan;

import dev.kubestrap.plan.internal.PlanSummary;
import dev.kubestrap.plan.internal.PlanWriter;
import dev.kubestrap.plan.internal.RemotePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What applying a cluster will do, as pure immutable data: for each {@link Phase}, in order, the hosts
 * taking part and each host's ordered {@link Action}s. A plan touches no host: it can be printed
 * ({@link #summary()}), written out as the exact file trees the hosts will receive
 * ({@link #writeTo(Path, WriteOption...)}, the dry run), recorded without secret bytes ({@link #record()}) and diffed against a
 * previous plan ({@link #diff(ClusterPlan)}).
 */
public final class ClusterPlan {
  private final String cluster;
  private final List<PhasePlan> phases;
  private final List<BinaryOrigin> origins;
  private final List<String> warnings;

  private ClusterPlan(String cluster, List<PhasePlan> phases, List<BinaryOrigin> origins, List<String> warnings) {
    this.cluster = cluster;
    this.phases = List.copyOf(phases);
    this.origins = List.copyOf(origins);
    this.warnings = List.copyOf(warnings);
  }

  /** Starts a plan for the named cluster. */
  public static Builder builder(String cluster) {
    return new Builder(cluster);
  }

  public String cluster() {
    return cluster;
  }

  /** The phases that have at least one action, in apply order. */
  public List<PhasePlan> phases() {
    return phases;
  }

  /** Every host of the plan, in order of first appearance. */
  public Set<HostId> hosts() {
    Set<HostId> hosts = new LinkedHashSet<>();
    phases.forEach(p -> p.hosts().forEach(h -> hosts.add(h.host())));
    return hosts;
  }

  /** The actions of a host in a phase; empty when the host takes no part in it. */
  public List<Action> actions(Phase phase, HostId host) {
    return phases.stream()
        .filter(p -> p.phase() == phase)
        .flatMap(p -> p.hosts().stream())
        .filter(h -> h.host().equals(host))
        .findFirst()
        .map(HostPlan::actions)
        .orElse(List.of());
  }

  /** Where each program comes from and what vouches for it; empty when the plan was built without them. */
  public List<BinaryOrigin> origins() {
    return origins;
  }

  /**
   * What a reviewer must see before applying: programs nothing pins, security-relevant defaults switched off.
   * Shown at the top of {@link #summary()}.
   */
  public List<String> warnings() {
    return warnings;
  }

  public int actionCount() {
    return phases.stream().mapToInt(PhasePlan::actionCount).sum();
  }

  /** Readable text: per phase and host, what will be placed and done. Shows no file contents. */
  public String summary() {
    return PlanSummary.render(this);
  }

  /**
   * The dry run: writes each host's files, binaries (only with {@link WriteOption#INCLUDE_BINARIES}),
   * unit files and directories under {@code dir/<host>/<remote path>} with their modes, plus
   * {@code dir/SUMMARY.md} and {@code dir/plan.json}. A file holding key material ({@link PutFile#secret()}:
   * private keys, kubeconfigs with embedded keys, the encryption config) is written as a short placeholder
   * naming its sha256 prefix, size and mode, unless {@link WriteOption#INCLUDE_SECRETS} is given: review trees
   * get copied, attached and committed, and the real bytes belong only in the state directory and on the hosts.
   * {@code dir} must be absent, empty, or a previous dry-run directory (recognised by its {@code plan.json}),
   * whose content is replaced.
   */
  public void writeTo(Path dir, WriteOption... options) {
    PlanWriter.write(this, dir, Set.of(options));
  }

  /** The secret-free record of this plan, as kept for the last applied plan. */
  public PlanRecord record() {
    List<ActionRecord> records = new ArrayList<>();
    for (PhasePlan phase : phases) {
      for (HostPlan host : phase.hosts()) {
        host.actions().forEach(a -> records.add(ActionRecord.of(phase.phase(), host.host(), a)));
      }
    }
    return PlanRecord.of(cluster, records);
  }

  /** What changed from {@code previous} to this plan. */
  public PlanDiff diff(ClusterPlan previous) {
    return PlanDiff.between(previous.record(), record());
  }

  /** What changed from a recorded plan (e.g. the last applied one) to this plan. */
  public PlanDiff diff(PlanRecord previous) {
    return PlanDiff.between(previous, record());
  }

  @Override
  public String toString() {
    return "ClusterPlan[" + cluster + ", " + hosts().size() + " hosts, " + phases.size() + " phases, "
        + actionCount() + " actions]";
  }

  /** Options of {@link #writeTo(Path, WriteOption...)}. */
  public enum WriteOption {
    /** Also copy binaries from their sources (which may download them). Default: listed only. */
    INCLUDE_BINARIES,
    /**
     * Write the real bytes of files holding key material (CA keys, the service-account key, client keys, the
     * encryption key) instead of placeholders: only to install a tree by hand, onto media that is kept like the
     * state directory. Default: placeholders.
     */
    INCLUDE_SECRETS
  }

  /**
   * Collects actions per phase and host. An action repeated on the same host with the same attributes
   * (two components both needing {@code /etc/kubernetes}) is kept once; the same key with different
   * attributes is an error, as is a service restarting on a path the host does not receive before it. The built
   * plan lists each host's phase in the order it runs: between two commands, directories, then placements, then
   * services and health waits, each kind in the order added.
   */
  public static final class Builder {
    private final String cluster;
    private final Map<Phase, Map<HostId, List<Action>>> actions = new EnumMap<>(Phase.class);
    private final Set<BinaryOrigin> origins = new LinkedHashSet<>();
    private final Set<String> warnings = new LinkedHashSet<>();

    private Builder(String cluster) {
      this.cluster = RemotePaths.requireNonBlank("cluster name", cluster);
    }

    /** Appends actions for a host in a phase, after the ones already added. */
    public Builder add(Phase phase, HostId host, Action... actions) {
      return addAll(phase, host, List.of(actions));
    }

    /** Appends actions for a host in a phase, after the ones already added. */
    public Builder addAll(Phase phase, HostId host, List<? extends Action> actions) {
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(host, "host");
      List<Action> list =
          this.actions.computeIfAbsent(phase, p -> new LinkedHashMap<>()).computeIfAbsent(host, h -> new ArrayList<>());
      for (Action action : actions) {
        list.add(Objects.requireNonNull(action, "action"));
      }
      return this;
    }

    /** Records where programs come from, for the summary; repeated origins are kept once. */
    public Builder origins(List<BinaryOrigin> origins) {
      origins.forEach(o -> this.origins.add(Objects.requireNonNull(o, "origin")));
      return this;
    }

    /** Adds a warning for the summary; repeated warnings are kept once. */
    public Builder warning(String warning) {
      warnings.add(RemotePaths.requireNonBlank("warning", warning));
      return this;
    }

    public ClusterPlan build() {
      Map<HostId, Map<String, Action>> seen = new HashMap<>();
      Map<HostId, Set<String>> placedPaths = new HashMap<>();
      List<PhasePlan> phases = new ArrayList<>();
      for (Map.Entry<Phase, Map<HostId, List<Action>>> phase : actions.entrySet()) {
        List<HostPlan> hosts = new ArrayList<>();
        for (Map.Entry<HostId, List<Action>> host : phase.getValue().entrySet()) {
          Map<String, Action> hostSeen = seen.computeIfAbsent(host.getKey(), h -> new HashMap<>());
          Set<String> paths = placedPaths.computeIfAbsent(host.getKey(), h -> new HashSet<>());
          List<Action> kept = new ArrayList<>();
          for (Action action : host.getValue()) {
            if (keepOnce(phase.getKey(), host.getKey(), hostSeen, paths, action)) {
              if (action instanceof ServiceAction service) {
                requireInputsPlaced(phase.getKey(), host.getKey(), service, paths);
              }
              kept.add(action);
            }
          }
          if (!kept.isEmpty()) {
            hosts.add(new HostPlan(host.getKey(), inRunOrder(kept)));
          }
        }
        if (!hosts.isEmpty()) {
          phases.add(new PhasePlan(phase.getKey(), hosts));
        }
      }
      return new ClusterPlan(cluster, phases, List.copyOf(origins), List.copyOf(warnings));
    }

    /**
     * The order a host's phase runs in. Between two commands, directories come first, then placements, then services
     * and health waits, each kind in the order added. A command may prepare what follows it or need what precedes
     * it, so nothing crosses one; no directory or file needs a service to have started, so they go ahead. Unit files
     * placed together then need one daemon-reload instead of one per service, and the placements go out together.
     */
    private static List<Action> inRunOrder(List<Action> actions) {
      List<Action> ordered = new ArrayList<>(actions.size());
      List<Action> directories = new ArrayList<>();
      List<Action> placements = new ArrayList<>();
      List<Action> services = new ArrayList<>();
      Runnable flush = () -> {
        ordered.addAll(directories);
        ordered.addAll(placements);
        ordered.addAll(services);
        directories.clear();
        placements.clear();
        services.clear();
      };
      for (Action action : actions) {
        if (action instanceof RunCommand) {
          flush.run();
          ordered.add(action);
        } else if (action instanceof EnsureDirectory) {
          directories.add(action);
        } else if (action instanceof Placement) {
          placements.add(action);
        } else {
          services.add(action);
        }
      }
      flush.run();
      return ordered;
    }

    private static boolean keepOnce(
        Phase phase, HostId host, Map<String, Action> hostSeen, Set<String> paths, Action action) {
      Action earlier = hostSeen.putIfAbsent(action.key(), action);
      if (earlier != null) {
        if (!earlier.attributes().equals(action.attributes())) {
          throw new IllegalArgumentException("conflicting actions for " + action.key() + " on " + host
              + " in phase " + phase.label() + ": " + earlier.describe() + " vs " + action.describe());
        }
        return false;
      }
      if (action instanceof Placement placement && !paths.add(placement.path())) {
        throw new IllegalArgumentException(
            "path placed twice on " + host + " in phase " + phase.label() + ": " + placement.path());
      }
      return true;
    }

    private static void requireInputsPlaced(Phase phase, HostId host, ServiceAction service, Set<String> paths) {
      for (String input : service.restartOn()) {
        if (!paths.contains(input)) {
          throw new IllegalArgumentException("service " + service.unit() + " on " + host
              + " restarts on '" + input + "', which the plan does not place on that host before it (phase "
              + phase.label() + ")");
        }
      }
    }
  }
}
