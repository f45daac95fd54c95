package dev.kubestrap.examples.cluster.bench;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.cluster.ClusterReport;
import dev.kubestrap.cluster.Host;
import dev.kubestrap.cluster.ResetOption;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.transport.ssh.SshConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TRANSFER/ORCHESTRATION BENCHMARK (stand-in programs, services enabled but not started): kubestrap's
 * {@link Cluster#apply()} against the seed's way (one ssh/scp process per command and per file, see
 * {@link SeedWayReplay}) on the same two hosts (master + node), for the same plan.
 *
 * <p>Usage (as root, see {@code examples/bench/seed-way/README.md}): {@code SeedWayBenchmark [rounds]} starts a
 * two-host {@link Sandbox}; {@link #run(Map, Optional, Path, int)} takes any two SSH hosts instead.
 */
public final class SeedWayBenchmark {
  private SeedWayBenchmark() {}

  /** One round's timings in milliseconds. */
  record Round(long kubestrapFresh, long kubestrapNoChange, long noChangeBytes, long seedWay, int seedProcesses,
      int filesSent) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    try (Sandbox sandbox = Sandbox.builder().hosts("master", "node").addPackages("conntrack", "socat").start()) {
      Map<String, SshConfig> hosts = new LinkedHashMap<>();
      for (SandboxHost host : sandbox.hosts()) {
        hosts.put(host.name(), host.ssh());
      }
      Path work = Files.createTempDirectory("kubestrap-seed-way");
      try {
        run(hosts, Optional.of(sandbox.knownHosts()), work, rounds);
      } finally {
        try (var paths = Files.walk(work)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /**
   * Runs {@code rounds} rounds on {@code hosts} (exactly two: the first is the master, the second the node, each
   * reached as root with a key) and prints the medians. {@code knownHosts} is the file {@code ssh} checks host keys
   * against when the configs pin fingerprints instead. Leaves the hosts reset.
   */
  public static List<Round> run(Map<String, SshConfig> hosts, Optional<Path> knownHosts, Path work, int rounds)
      throws Exception {
    List<String> names = new ArrayList<>(hosts.keySet());
    ClusterSpec defaults = ClusterSpec.builder().addHost("x", "10.0.0.1", dev.kubestrap.spec.Role.CONTROL_PLANE).build();
    var bundle = StandInBundle.create(work.resolve("bundle"), defaults);
    ClusterBuilder builder = ClusterBuilder.named("bench")
        .master(Host.of(names.get(0), hosts.get(names.get(0))))
        .worker(Host.of(names.get(1), hosts.get(names.get(1))))
        .binaries(bundle)
        .services(new EnabledOnlyServices())
        .skipHealthWaits()
        .withoutApiObjects();
    Path scratch = Files.createDirectories(work.resolve("scratch"));
    List<Round> results = new ArrayList<>();
    System.out.println("TRANSFER/ORCHESTRATION BENCHMARK: stand-in programs (sleeping shell scripts), services "
        + "enabled but not started, no health waits, no API objects; same plan for both ways.");
    for (int round = 1; round <= rounds; round++) {
      // One state directory for every round: each round's cluster object re-reads the PKI the first one made.
      try (Cluster cluster = builder.stateDir(work.resolve("state")).build()) {
        FreshAndAgain applies = FreshAndAgain.measure(cluster);
        ClusterPlan plan = applies.plan();
        ClusterReport fresh = applies.fresh();
        ClusterReport again = applies.again();
        long freshMs = applies.freshMillis();
        long againMs = applies.againMillis();
        cluster.reset(ResetOption.DELETE_DATA);
        long start = System.nanoTime();
        int processes = new SeedWayReplay(hosts, knownHosts, scratch).replay(plan);
        long seedMs = (System.nanoTime() - start) / 1_000_000;
        cluster.reset(ResetOption.DELETE_DATA);
        Round r = new Round(freshMs, againMs, again.bytesSent(), seedMs, processes, fresh.filesSent());
        results.add(r);
        System.out.printf("round %d: kubestrap fresh %d ms (%d files, %d bytes), no-change re-apply %d ms (%d bytes), "
            + "seed way %d ms (%d ssh/scp processes)%n", round, freshMs, fresh.filesSent(), fresh.bytesSent(), againMs,
            again.bytesSent(), seedMs, processes);
        System.out.println("  kubestrap fresh apply by phase (ms): " + phaseMillis(fresh));
      }
    }
    long fresh = median(results.stream().map(Round::kubestrapFresh).toList());
    long again = median(results.stream().map(Round::kubestrapNoChange).toList());
    long seed = median(results.stream().map(Round::seedWay).toList());
    System.out.printf("median: kubestrap fresh %d ms, seed way %d ms -> kubestrap %.1fx faster; no-change re-apply "
        + "%d ms = %.1f%% of fresh%n", fresh, seed, (double) seed / fresh, again, 100.0 * again / fresh);
    return results;
  }

  private static Map<String, Long> phaseMillis(ClusterReport report) {
    Map<String, Long> phases = new LinkedHashMap<>();
    report.hosts().phases().forEach((phase, took) -> phases.put(phase.label(), took.toMillis()));
    return phases;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
