package dev.kubestrap.cluster.internal;

import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.cluster.Host;
import dev.kubestrap.component.Etcd;
import dev.kubestrap.etcd.EtcdCtl;
import dev.kubestrap.etcd.EtcdMember;
import dev.kubestrap.nodes.NodeDrain;
import dev.kubestrap.operation.Operation;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Cluster.removeHost}: cordon and drain the node, stop its kubelet, delete the Node, remove its etcd member,
 * reset the host, update the hosts that knew it, then the spec. Refuses to remove the last control-plane host or
 * etcd member, and (as a check) a member whose removal would leave etcd without quorum.
 */
public final class HostRemoval {
  /** How long a drain may wait for PodDisruptionBudgets and terminating pods. */
  static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

  private final ClusterContext cluster;
  private final ClusterSpec before;
  private final ClusterSpec after;
  private final HostSpec removed;

  private HostRemoval(ClusterContext cluster, String name) {
    this.cluster = cluster;
    this.before = cluster.spec();
    this.removed = before.hosts().stream().filter(h -> h.name().equals(name)).findFirst()
        .orElseThrow(() -> new ClusterException("removeHost names no host of " + before.name() + ": '" + name
            + "' (hosts: " + before.hosts().stream().map(HostSpec::name).toList() + ")"));
    if (removed.has(Role.CONTROL_PLANE) && before.controlPlaneHosts().size() == 1) {
      throw new ClusterException("removeHost refuses '" + name + "': it is the last control-plane host of "
          + before.name() + " (add another one first, or reset the cluster)");
    }
    if (before.isEtcdMember(removed) && before.etcdMembers().size() == 1) {
      throw new ClusterException("removeHost refuses '" + name + "': it holds the last etcd member of "
          + before.name() + ", and with it every object of the cluster");
    }
    ClusterSpec.Builder remaining = before.toBuilder();
    remaining.removeHost(name);
    this.after = remaining.build();
  }

  /** The operation removing the host named {@code name}; refusals that need no host are raised here. */
  public static Operation operation(ClusterContext cluster, String name) {
    return new HostRemoval(cluster, name).build();
  }

  private Operation build() {
    String name = removed.name();
    boolean member = before.isEtcdMember(removed);
    boolean node = before.isNode(removed);
    Operation.Builder operation = Operation.builder("remove host " + name).on(cluster);
    after.availabilityWarnings().forEach(operation::warning);
    if (member) {
      operation.check("etcd keeps its quorum with " + after.etcdMembers().size() + " members without " + name,
          () -> EtcdAccess.requireQuorum(new EtcdAccess(cluster).through(before, Set.of(name)).health(),
              after.etcdMembers().size(), name, "removing etcd member " + name));
    }
    if (node) {
      operation.step("cordon node " + name, () -> withNodes(nodes -> nodes.cordon(name)));
      operation.step("drain node " + name + " through the eviction API (PodDisruptionBudgets respected, "
          + "DaemonSet pods stay)", () -> withNodes(nodes -> nodes.drain(name, DRAIN_TIMEOUT)));
      operation.step("stop the kubelet on " + name + " and delete node " + name, () -> {
        cluster.services().stopAndDisable(cluster.transport(name), ComponentName.KUBELET.id() + ".service");
        withNodes(nodes -> nodes.delete(name, cluster.healthTimeout()));
      });
    }
    if (member) {
      operation.step("remove etcd member " + name + " with etcdctl member remove", this::leaveEtcd);
    }
    operation.step("reset " + name + ": stop its services, remove what kubestrap placed and its data",
        () -> cluster.reset(before, name, true));
    operation.step("update the hosts that knew " + name + " (load balancer lists, if any)",
        () -> HostChanges.updateOthers(cluster, before, after, name, "remove host " + name));
    operation.step("record the cluster without " + name + " in its spec and last applied plan", () -> {
      Map<String, Host> hosts = new LinkedHashMap<>(cluster.hosts());
      hosts.remove(name);
      HostChanges.adopt(cluster, after, hosts);
    });
    return operation.build();
  }

  /** Nodes through an apiserver on another host: this one's goes away. */
  private void withNodes(java.util.function.Consumer<NodeDrain> work) {
    try (KubernetesClient client = cluster.client(Set.of(removed.name()))) {
      NodeDrain nodes = new NodeDrain(client, cluster::progress);
      if (client.nodes().withName(removed.name()).get() == null) {
        cluster.progress("[remove host " + removed.name() + "] no node " + removed.name() + " is registered");
        return;
      }
      work.accept(nodes);
    }
  }

  /** Through another member; a member already gone (a re-run) is not an error. */
  private void leaveEtcd() {
    EtcdCtl etcdctl = new EtcdAccess(cluster).through(before, Set.of(removed.name()));
    Optional<EtcdMember> member = etcdctl.find(removed.name(), new Etcd(before).peerUrl(removed));
    if (member.isEmpty()) {
      cluster.progress("[remove host " + removed.name() + "] etcd no longer lists " + removed.name());
      return;
    }
    etcdctl.remove(member.get());
  }
}
