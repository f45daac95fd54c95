package dev.kubestrap.preflight;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Probes every host of a spec once ({@link HostProbe}, changing nothing) and applies {@link PreflightChecks} to
 * what it found. Hosts are probed in parallel, up to {@code concurrency} at a time.
 */
public final class Preflight {
  private final ClusterSpec spec;
  private final PreflightChecks checks;

  public Preflight(ClusterSpec spec) {
    this.spec = spec;
    this.checks = new PreflightChecks(spec);
  }

  /**
   * Gathers each host's facts through {@code transports} and checks them.
   *
   * @throws KubestrapException when a host cannot be probed (its connection fails), naming it
   */
  public PreflightReport run(Function<String, Transport> transports, int concurrency) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, spec.hosts().size())),
        runnable -> {
          Thread thread = new Thread(runnable, "kubestrap-preflight");
          thread.setDaemon(true);
          return thread;
        });
    try {
      Map<String, Future<HostFacts>> pending = new LinkedHashMap<>();
      for (HostSpec host : spec.hosts()) {
        pending.put(host.name(), pool.submit(() -> probe(host, transports.apply(host.name()))));
      }
      Map<String, HostFacts> facts = new LinkedHashMap<>();
      List<RuntimeException> failures = new ArrayList<>();
      for (Map.Entry<String, Future<HostFacts>> entry : pending.entrySet()) {
        try {
          facts.put(entry.getKey(), entry.getValue().get());
        } catch (ExecutionException e) {
          failures.add(e.getCause() instanceof RuntimeException runtime ? runtime
              : new KubestrapException("[preflight] on " + entry.getKey() + " failed: " + e.getCause(), e.getCause()));
        }
      }
      if (!failures.isEmpty()) {
        RuntimeException first = failures.get(0);
        failures.stream().skip(1).forEach(first::addSuppressed);
        throw first;
      }
      return new PreflightReport(facts, checks.check(facts));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubestrapException("[preflight] interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private HostFacts probe(HostSpec host, Transport transport) {
    ExecResult result = transport.exec(HostProbe.command(checks.ports(host).keySet(), PreflightChecks.UNITS));
    if (!result.succeeded()) {
      throw new KubestrapException("[preflight] probing " + host.name() + " on " + transport.target()
          + " failed: exit code " + result.exitCode() + ": " + result.stderr().strip());
    }
    return HostFacts.parse(result.stdout());
  }
}
