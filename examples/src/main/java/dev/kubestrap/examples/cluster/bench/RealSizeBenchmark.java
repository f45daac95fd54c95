package dev.kubestrap.examples.cluster.bench;

import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.BuildManifest;
import dev.kubestrap.cluster.BinaryDistribution;
import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.cluster.ClusterReport;
import dev.kubestrap.cluster.ResetOption;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.sandbox.cluster.ManifestVersions;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.ssh.SshConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * TRANSFER BENCHMARK AT REAL SIZE: kubestrap's fresh {@link Cluster#apply()} with the real programs (a directory of
 * release files, e.g. the one {@code programs/build.sh} builds), against the link's limit measured in the same round
 * on the same hosts ({@link LinkLimit}: the same number of bytes per host through {@code ssh 'cat > /dev/null'} and
 * over plain TCP), and against the seed's way ({@link SeedWayReplay}). Services are enabled but not started and there
 * are no health waits or API objects, so the times are transfer and orchestration, not Kubernetes starting.
 *
 * <p>Then, on the same hosts, the other {@link BinaryDistribution}s: hosts fetching from an internal plain-HTTP mirror
 * on this machine ({@link LocalMirror}), and the first host serving the others; each reports its fresh apply time,
 * the bytes this machine sent and the binaries the hosts placed themselves.
 *
 * <p>Usage (as root): {@code RealSizeBenchmark <programs-dir> [workers=1,3] [rounds=1] [distributions]}: for each
 * worker count, a sandbox of one control-plane host (also a node) and that many workers; distributions default to
 * {@code UPLOAD,HOSTS_FETCH,FIRST_HOST_SERVES}.
 */
public final class RealSizeBenchmark {
  private RealSizeBenchmark() {}

  /** One round's figures: times in milliseconds. */
  record Round(int hosts, long fresh, long bytes, int files, long sshLink, long tcpLink, long seedWay,
      long reapply, long reapplyBytes, CpuClock.Use freshCpu, CpuClock.Use sshCpu) {
    String describe() {
      return String.format("%d hosts: fresh apply %d ms, %.1f MB in %d files | link: ssh cat %d ms (%.1f MB/s), "
          + "tcp %d ms (%.1f MB/s) | fresh / ssh link %.2f, fresh / tcp link %.2f (goal <= 1.3) | seed way %d ms "
          + "-> kubestrap %.2fx faster | re-apply %d ms (%.1f%% of fresh), %d bytes | machine CPU: fresh apply %s, "
          + "ssh cat %s, fresh / ssh %.2f",
          hosts, fresh, bytes / 1e6, files, sshLink, bytes / 1e3 / sshLink, tcpLink, bytes / 1e3 / tcpLink,
          (double) fresh / sshLink, (double) fresh / tcpLink, seedWay, (double) seedWay / fresh, reapply,
          100.0 * reapply / fresh, reapplyBytes, freshCpu.describe(), sshCpu.describe(),
          freshCpu.machineSeconds() / sshCpu.machineSeconds());
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: RealSizeBenchmark <programs-dir> [workers=1,3] [rounds=1]");
      System.exit(2);
    }
    Path programs = Path.of(args[0]);
    List<Integer> workerCounts = Stream.of((args.length > 1 ? args[1] : "1,3").split(",")).map(Integer::valueOf).toList();
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    List<BinaryDistribution> distributions = Stream.of((args.length > 3 ? args[3]
        : "UPLOAD,HOSTS_FETCH,FIRST_HOST_SERVES").split(",")).map(BinaryDistribution::valueOf).toList();
    System.out.println("TRANSFER BENCHMARK AT REAL SIZE: programs from " + programs + "; services enabled but not "
        + "started, no health waits, no API objects; " + Runtime.getRuntime().availableProcessors() + " cores, load "
        + "average " + loadAverage());
    List<Round> all = new ArrayList<>();
    List<String> distributedLines = new ArrayList<>();
    for (int workers : workerCounts) {
      List<String> names = new ArrayList<>(List.of("master"));
      for (int i = 1; i <= workers; i++) {
        names.add("node" + i);
      }
      try (Sandbox sandbox = Sandbox.builder().hosts(names.toArray(String[]::new)).start()) {
        for (int round = 1; round <= rounds; round++) {
          if (distributions.contains(BinaryDistribution.UPLOAD)) {
            Round r = round(sandbox, programs, round);
            all.add(r);
            System.out.println("round " + round + ", " + r.describe() + "; load average " + loadAverage());
          }
          for (BinaryDistribution distribution : distributions) {
            if (distribution != BinaryDistribution.UPLOAD) {
              String line = distributed(sandbox, programs, distribution);
              distributedLines.add(line);
              System.out.println("round " + round + ", " + line + "; load average " + loadAverage());
            }
          }
        }
      }
    }
    System.out.println("load average at end: " + loadAverage());
    all.forEach(r -> System.out.println("RESULT " + r.describe()));
    distributedLines.forEach(line -> System.out.println("RESULT " + line));
  }

  /** A fresh apply and a re-apply with {@code distribution}; for hosts fetching, from a mirror on the bridge. */
  static String distributed(Sandbox sandbox, Path programs, BinaryDistribution distribution) throws Exception {
    Path work = Files.createTempDirectory("kubestrap-real-size");
    try {
      if (distribution != BinaryDistribution.HOSTS_FETCH) {
        BinarySource local = BinarySource.directory(programs).cacheIn(work.resolve("cache"));
        return distributed(sandbox, programs, distribution, local, work);
      }
      BuildManifest manifest = BuildManifest.in(programs).orElseThrow(() ->
          new IllegalArgumentException(programs + " has no " + BuildManifest.FILE_NAME + " to pin its files with"));
      // Only hosts fetching need the mirror: the other distributions send from this machine's directory.
      try (LocalMirror mirror = new LocalMirror(programs, sandbox.bridgeAddress())) {
        return distributed(sandbox, programs, distribution, mirror.source(manifest, work.resolve("cache")), work);
      }
    } finally {
      delete(work);
    }
  }

  private static String distributed(Sandbox sandbox, Path programs, BinaryDistribution distribution,
      BinarySource source, Path work) throws Exception {
    ClusterBuilder builder = transferOnly(sandbox, programs, work).binaries(source).binaryDistribution(distribution);
    try (Cluster cluster = builder.build()) {
      FreshAndAgain applies = FreshAndAgain.measure(cluster);
      cluster.reset(ResetOption.DELETE_DATA);
      ClusterReport fresh = applies.fresh();
      return String.format("%d hosts, %s: fresh apply %d ms, %.1f MB sent from this machine, %d binaries placed by "
          + "the hosts themselves | re-apply %d ms, %d bytes", sandbox.hosts().size(), distribution,
          applies.freshMillis(), fresh.bytesSent() / 1e6, fresh.hosts().filesFetched(), applies.againMillis(),
          applies.again().bytesSent());
    }
  }

  /** The benchmark's cluster on the sandbox: services enabled, not started; no health waits, no API objects. */
  private static ClusterBuilder transferOnly(Sandbox sandbox, Path programs, Path work) {
    ClusterBuilder builder = ClusterBuilder.named("bench")
        .spec(s -> s.allowCgroupV1(sandbox.hostsUseCgroupV1())
            .containerHosts(true))
        .binaries(BinarySource.directory(programs).cacheIn(work.resolve("cache")))
        .services(new EnabledOnlyServices())
        .skipHealthWaits()
        .withoutApiObjects()
        .stateDir(work.resolve("state"));
    BuildManifest.in(programs).ifPresent(manifest -> builder.spec(new ManifestVersions(manifest)::applyTo));
    List<SandboxHost> hosts = sandbox.hosts();
    builder.master(hosts.get(0).toHost());
    hosts.subList(1, hosts.size()).forEach(host -> builder.worker(host.toHost()));
    return builder;
  }

  static Round round(Sandbox sandbox, Path programs, int round) throws Exception {
    Path work = Files.createTempDirectory("kubestrap-real-size");
    try {
      ClusterBuilder builder = transferOnly(sandbox, programs, work);
      List<SandboxHost> hosts = sandbox.hosts();
      try (Cluster cluster = builder.build()) {
        FreshAndAgain applies = FreshAndAgain.measure(cluster);
        ClusterPlan plan = applies.plan();
        ClusterReport fresh = applies.fresh();
        ClusterReport again = applies.again();
        long freshMs = applies.freshMillis();
        long againMs = applies.againMillis();

        Map<String, Long> bytes = new LinkedHashMap<>();
        fresh.hosts().hosts().forEach(h -> bytes.put(h.host().name(), h.bytesSent()));
        LinkLimit link = new LinkLimit(releaseFiles(programs), Optional.of(sandbox.knownHosts()),
            sandbox.bridgeAddress());
        Map<SshConfig, Long> ssh = new LinkedHashMap<>();
        Map<Transport, Long> tcp = new LinkedHashMap<>();
        List<Transport> opened = new ArrayList<>();
        try {
          for (SandboxHost host : hosts) {
            ssh.put(host.ssh(), bytes.get(host.name()));
            Transport transport = host.connect();
            opened.add(transport);
            tcp.put(transport, bytes.get(host.name()));
          }
          CpuClock beforeSsh = CpuClock.now();
          long sshMs = link.ssh(ssh);
          CpuClock.Use sshCpu = beforeSsh.until(CpuClock.now());
          long tcpMs = link.tcp(tcp);
          cluster.reset(ResetOption.DELETE_DATA);
          Map<String, SshConfig> byName = new LinkedHashMap<>();
          hosts.forEach(h -> byName.put(h.name(), h.ssh()));
          Path scratch = Files.createDirectories(work.resolve("scratch"));
          long start = System.nanoTime();
          new SeedWayReplay(byName, Optional.of(sandbox.knownHosts()), scratch).replay(plan);
          long seedMs = (System.nanoTime() - start) / 1_000_000;
          cluster.reset(ResetOption.DELETE_DATA);
          System.out.println("  round " + round + " per host bytes " + bytes + ", fresh apply by host busy (ms) "
              + fresh.hosts().hosts().stream().map(h -> h.host().name() + "=" + h.busy().toMillis()).toList()
              + ", fresh apply by phase (ms) " + millisByPhase(fresh) + ", re-apply by phase (ms) " + millisByPhase(again)
              + ", re-apply before its phases (preflight, secrets, plan, kubeconfigs) "
              + (againMs - again.hosts().duration().toMillis()) + " ms");
          return new Round(hosts.size(), freshMs, fresh.bytesSent(), fresh.filesSent(), sshMs, tcpMs, seedMs, againMs,
              again.bytesSent(), applies.freshCpu(), sshCpu);
        } finally {
          opened.forEach(Transport::close);
        }
      }
    } finally {
      delete(work);
    }
  }

  private static Map<String, Long> millisByPhase(ClusterReport report) {
    Map<String, Long> millis = new LinkedHashMap<>();
    report.hosts().phases().forEach((phase, took) -> millis.put(phase.label(), took.toMillis()));
    return millis;
  }

  /** The release files of the directory, largest first: the bytes the link test sends. */
  private static List<Path> releaseFiles(Path programs) throws Exception {
    try (Stream<Path> files = Files.list(programs)) {
      return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".tsv"))
          .sorted(Comparator.comparingLong(RealSizeBenchmark::size).reversed()).toList();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static void delete(Path root) throws java.io.IOException {
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
