package dev.kubestrap.examples.bench.apply;

import dev.kubestrap.apply.ApplyReport;
import dev.kubestrap.apply.PlanExecutor;
import dev.kubestrap.apply.RemoteInspection;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.transport.local.LocalTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Scale benchmark of plan + apply: N hosts, each a directory reached through {@link LatencyTransport}
 * (a simulated round trip of 20 ms per call), for several host counts and concurrency limits. Prints
 * wall times for a fresh apply and an unchanged re-apply, and compares them with hosts ÷ concurrency.
 *
 * <p>Each configuration runs twice: with {@link RemoteInspection#perFile()} (one round trip per path)
 * and with the batched inspection (one command per host and phase learns every path's digest and mode).
 *
 * <p>Arguments (all optional): {@code hosts=5,10,25,50 concurrency=10,50 rtt=20 inspection=per-file,batched}.
 */
public final class ApplyScaleBenchmark {
  private ApplyScaleBenchmark() {}

  public static void main(String[] args) throws IOException {
    List<Integer> hostCounts = List.of(5, 10, 25, 50);
    List<Integer> concurrencies = List.of(10, 50);
    Duration rtt = Duration.ofMillis(20);
    List<String> inspections = List.of("per-file", "batched");
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      switch (kv[0]) {
        case "hosts" -> hostCounts = ints(kv[1]);
        case "concurrency" -> concurrencies = ints(kv[1]);
        case "rtt" -> rtt = Duration.ofMillis(Long.parseLong(kv[1]));
        case "inspection" -> inspections = List.of(kv[1].split(","));
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    Path work = Files.createTempDirectory("kubestrap-apply-bench");
    try {
      Path kubelet = randomFile(work.resolve("kubelet"), 256 * 1024);
      Path kubeProxy = randomFile(work.resolve("kube-proxy"), 128 * 1024);
      System.out.printf("plan + apply, SIMULATED %d ms round trip per transport call (LatencyTransport around "
          + "LocalTransport.rootedAt), per host %d placements, 6 directories, 4 commands, 3 services, 1 health wait%n",
          rtt.toMillis(), SyntheticNodePlan.PLACEMENTS_PER_HOST);
      for (String inspection : inspections) {
        Bench bench = new Bench(work, rtt, inspection(inspection), kubelet, sha256(kubelet), kubeProxy, sha256(kubeProxy));
        bench.run(5, 10); // warm-up: class loading and JIT, not reported
        System.out.printf("%ninspection %s; ideal = waves x round trips per host x %d ms%n", inspection, rtt.toMillis());
        System.out.println("hosts conc hosts/conc waves | fresh ms ideal ms RT/host | re-apply ms ideal ms RT/host bytes");
        for (int concurrency : concurrencies) {
          for (int hosts : hostCounts) {
            Result r = bench.run(hosts, concurrency);
            int waves = (hosts + concurrency - 1) / concurrency;
            long freshIdeal = waves * (long) (r.freshTrips / hosts) * rtt.toMillis();
            long reapplyIdeal = waves * (long) (r.reapplyTrips / hosts) * rtt.toMillis();
            System.out.printf("%5d %4d %10.1f %5d | %8d %8d %7d | %11d %8d %7d %5d%n", hosts, concurrency,
                (double) hosts / concurrency, waves, r.freshMillis, freshIdeal, r.freshTrips / hosts,
                r.reapplyMillis, reapplyIdeal, r.reapplyTrips / hosts, r.reapplyBytes);
          }
        }
      }
    } finally {
      delete(work);
    }
  }

  record Result(long freshMillis, int freshTrips, long reapplyMillis, int reapplyTrips, long reapplyBytes) {}

  private static RemoteInspection inspection(String name) {
    return switch (name) {
      case "per-file" -> RemoteInspection.perFile();
      case "batched" -> RemoteInspection.batchedInWorkingDirectory();
      default -> throw new IllegalArgumentException("inspection must be per-file or batched: " + name);
    };
  }

  record Bench(Path work, Duration rtt, RemoteInspection inspection, Path kubelet, String kubeletSha, Path kubeProxy, String kubeProxySha) {
    Result run(int hosts, int concurrency) throws IOException {
      Path roots = Files.createDirectories(work.resolve("hosts-" + hosts + "-" + concurrency));
      SimulatedServiceManager systemd = new SimulatedServiceManager();
      try {
        AtomicInteger trips = new AtomicInteger();
        long start = System.nanoTime();
        ClusterPlan plan = SyntheticNodePlan.build(hosts, kubelet, kubeletSha, kubeProxy, kubeProxySha);
        executor(roots, concurrency, systemd, trips).apply(plan);
        long fresh = System.nanoTime() - start;
        int freshTrips = trips.getAndSet(0);

        start = System.nanoTime();
        plan = SyntheticNodePlan.build(hosts, kubelet, kubeletSha, kubeProxy, kubeProxySha);
        ApplyReport again = executor(roots, concurrency, systemd, trips).apply(plan);
        long reapply = System.nanoTime() - start;
        if (!again.servicesRestarted().isEmpty()) {
          throw new IllegalStateException("re-apply restarted " + again.servicesRestarted());
        }
        return new Result(fresh / 1_000_000, freshTrips, reapply / 1_000_000, trips.get(), again.bytesSent());
      } finally {
        delete(roots);
      }
    }

    private PlanExecutor executor(Path roots, int concurrency, SimulatedServiceManager systemd, AtomicInteger trips) {
      // tag::executor[]
      return PlanExecutor.builder()
          .concurrency(concurrency)
          .inspection(inspection)
          .serviceManager(systemd)
          .transports(host -> new LatencyTransport(LocalTransport.rootedAt(mkdirs(roots.resolve(host.name()))), rtt, trips))
          .build();
      // end::executor[]
    }
  }

  private static Path mkdirs(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Integer> ints(String csv) {
    return Stream.of(csv.split(",")).map(String::trim).map(Integer::valueOf).toList();
  }

  private static Path randomFile(Path file, int size) throws IOException {
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return Files.write(file, bytes);
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
