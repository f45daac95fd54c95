package dev.kubestrap.examples.cluster.bench;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterReport;
import dev.kubestrap.cluster.ResetOption;
import dev.kubestrap.plan.ClusterPlan;

/**
 * A fresh apply on reset hosts and an unchanged re-apply right after, each timed in milliseconds; the plan is made
 * before the clock starts.
 */
record FreshAndAgain(ClusterPlan plan, ClusterReport fresh, long freshMillis, ClusterReport again, long againMillis) {
  static FreshAndAgain measure(Cluster cluster) {
    cluster.reset(ResetOption.DELETE_DATA);
    ClusterPlan plan = cluster.plan();
    long start = System.nanoTime();
    ClusterReport fresh = cluster.apply();
    long freshMillis = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    ClusterReport again = cluster.apply();
    return new FreshAndAgain(plan, fresh, freshMillis, again, (System.nanoTime() - start) / 1_000_000);
  }
}
