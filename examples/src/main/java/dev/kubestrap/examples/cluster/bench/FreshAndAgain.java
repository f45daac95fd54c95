package dev.kubestrap.examples.cluster.bench;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterReport;
import dev.kubestrap.cluster.ResetOption;
import dev.kubestrap.plan.ClusterPlan;

/**
 * A fresh apply on reset hosts and an unchanged re-apply right after, each timed in milliseconds, the fresh one also
 * in CPU time; the plan is made before the clock starts.
 */
record FreshAndAgain(ClusterPlan plan, ClusterReport fresh, long freshMillis, CpuClock.Use freshCpu,
    ClusterReport again, long againMillis) {
  static FreshAndAgain measure(Cluster cluster) {
    cluster.reset(ResetOption.DELETE_DATA);
    ClusterPlan plan = cluster.plan();
    CpuClock before = CpuClock.now();
    long start = System.nanoTime();
    ClusterReport fresh = cluster.apply();
    long freshMillis = (System.nanoTime() - start) / 1_000_000;
    CpuClock.Use freshCpu = before.until(CpuClock.now());
    start = System.nanoTime();
    ClusterReport again = cluster.apply();
    return new FreshAndAgain(plan, fresh, freshMillis, freshCpu, again, (System.nanoTime() - start) / 1_000_000);
  }
}
