package dev.kubestrap.cluster.internal;

import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.component.Etcd;
import dev.kubestrap.etcd.EtcdCtl;
import dev.kubestrap.etcd.EtcdHealth;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** etcdctl on whichever member answers first, and the quorum arithmetic of membership changes. */
final class EtcdAccess {
  private final ClusterContext cluster;

  EtcdAccess(ClusterContext cluster) {
    this.cluster = cluster;
  }

  /** Votes needed for a decision among {@code members} members. */
  static int quorum(int members) {
    return members / 2 + 1;
  }

  /** etcdctl on the first member of {@code spec}, not in {@code avoid}, whose etcd lists the members. */
  EtcdCtl through(ClusterSpec spec, Collection<String> avoid) {
    return new EtcdCtl(cluster.transport(answering(spec, avoid)), new Etcd(spec));
  }

  /** The first member host of {@code spec}, not in {@code avoid}, whose etcd lists the members. */
  String answering(ClusterSpec spec, Collection<String> avoid) {
    List<String> failures = new ArrayList<>();
    for (HostSpec member : spec.etcdMembers()) {
      if (avoid.contains(member.name())) {
        continue;
      }
      try {
        new EtcdCtl(cluster.transport(member.name()), new Etcd(spec)).members();
        return member.name();
      } catch (RuntimeException e) {
        failures.add(member.name() + ": " + e.getMessage());
      }
    }
    throw new ClusterException("no etcd member of " + spec.name() + " answers" + (avoid.isEmpty() ? ""
        : " (not asking " + avoid + ")") + ": " + failures);
  }

  /**
   * Refuses a membership change that would leave fewer healthy voting members than a quorum of the members after
   * it: {@code adding} counts a member that is listed but not yet started, {@code removing} names the leaving one.
   */
  static void requireQuorum(List<EtcdHealth> health, int membersAfter, String removing, String change) {
    List<EtcdHealth> healthyAfter = health.stream().filter(EtcdHealth::healthy)
        .filter(h -> !h.member().equals(removing)).toList();
    int needed = quorum(membersAfter);
    if (healthyAfter.size() < needed) {
      List<String> unhealthy = health.stream().filter(h -> !h.healthy()).map(EtcdHealth::toString).toList();
      throw new ClusterException(change + " would leave " + healthyAfter.size() + " healthy of " + membersAfter
          + " etcd members, fewer than the quorum of " + needed + (unhealthy.isEmpty() ? "" : "; unhealthy: "
          + unhealthy) + ": bring the unhealthy members back first");
    }
  }
}
