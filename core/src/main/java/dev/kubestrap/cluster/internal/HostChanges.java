package dev.kubestrap.cluster.internal;

import dev.kubestrap.cluster.Host;
import dev.kubestrap.plan.ActionRecord;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which hosts must learn of a change of the host set: those (other than the ones added or removed) whose files,
 * binaries, directories or units differ between the plans of the old and the new spec, e.g. every node's load
 * balancer list when a control-plane host comes or goes. Guarded commands are left out: they only prepare a host.
 */
final class HostChanges {
  private static final Set<String> PLACEMENTS = Set.of("file", "binary", "unit", "directory");

  private HostChanges() {}

  /**
   * Applies {@code after} to the hosts other than {@code changed} whose placements differ from {@code before}'s;
   * tells the progress listener which ones.
   */
  static void updateOthers(ClusterContext cluster, ClusterSpec before, ClusterSpec after, String changed,
      String operation) {
    List<String> others = hostsToUpdate(cluster, before, after, Set.of(changed));
    cluster.progress("[" + operation + "] hosts to update: " + (others.isEmpty() ? "none" : others));
    if (!others.isEmpty()) {
      cluster.apply(cluster.plan(after, PlanScope.hosts(Set.copyOf(others)), Map.of()));
    }
  }

  /** Makes {@code after} the cluster's spec, reached through {@code hosts}, and records its whole plan. */
  static void adopt(ClusterContext cluster, ClusterSpec after, Map<String, Host> hosts) {
    cluster.adopt(after, hosts);
    cluster.recordApplied(after);
  }

  static List<String> hostsToUpdate(ClusterContext cluster, ClusterSpec before, ClusterSpec after,
      Collection<String> excluded) {
    Set<String> common = before.hosts().stream().map(HostSpec::name)
        .filter(name -> after.hosts().stream().anyMatch(h -> h.name().equals(name)))
        .filter(name -> !excluded.contains(name))
        .collect(Collectors.toCollection(TreeSet::new));
    if (common.isEmpty()) {
      return List.of();
    }
    Map<String, Set<String>> old = placements(cluster.plan(before, PlanScope.hosts(common), Map.of()));
    Map<String, Set<String>> updated = placements(cluster.plan(after, PlanScope.hosts(common), Map.of()));
    return after.hosts().stream().map(HostSpec::name).filter(common::contains)
        .filter(name -> !old.getOrDefault(name, Set.of()).equals(updated.getOrDefault(name, Set.of())))
        .toList();
  }

  private static Map<String, Set<String>> placements(ClusterPlan plan) {
    return plan.record().actions().stream().filter(a -> PLACEMENTS.contains(a.kind()))
        .collect(Collectors.groupingBy(ActionRecord::host,
            Collectors.mapping(a -> a.key() + " " + a.attributes(), Collectors.toSet())));
  }
}
