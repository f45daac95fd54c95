package dev.kubestrap.cluster.internal;

import dev.kubestrap.addons.NodeRoleLabels;
import dev.kubestrap.cluster.Host;
import dev.kubestrap.component.Etcd;
import dev.kubestrap.etcd.EtcdCtl;
import dev.kubestrap.etcd.EtcdMember;
import dev.kubestrap.nodes.NodeDrain;
import dev.kubestrap.operation.Operation;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code Cluster.addHost}: the new host's certificates, its etcd membership announced before its member starts,
 * its whole plan, then what must know it (the load balancer lists of the other nodes), then the spec.
 */
public final class HostAddition {
  private final ClusterContext cluster;
  private final ClusterSpec before;
  private final ClusterSpec after;
  private final HostSpec added;
  private final Host host;
  private final Etcd etcd;
  private String initialCluster;

  private HostAddition(ClusterContext cluster, Host host, Set<Role> roles) {
    this.cluster = cluster;
    this.host = host;
    this.before = cluster.spec();
    this.added = HostSpec.of(host.name(), host.address(), roles.toArray(Role[]::new));
    this.after = before.toBuilder().addHost(added).build();
    this.etcd = new Etcd(after);
  }

  /** The operation adding {@code host}; the spec with it is checked here, before anything is touched. */
  public static Operation operation(ClusterContext cluster, Host host, Set<Role> roles) {
    return new HostAddition(cluster, host, roles).build();
  }

  private Operation build() {
    String name = added.name();
    boolean member = after.isEtcdMember(added);
    boolean node = after.isNode(added);
    Operation.Builder operation = Operation.builder("add host " + name + " " + added.roles())
        .on(cluster);
    after.availabilityWarnings().forEach(operation::warning);
    if (!after.apiEndpoint().equals(before.apiEndpoint())) {
      operation.warning("the API endpoint changes from " + before.apiEndpoint() + " to " + after.apiEndpoint()
          + ": every node's kubelet and kube-proxy restart");
    }
    operation.check("reach " + name + " at " + host.target(), () -> {
      cluster.connect(host);
      cluster.transport(name).exists("/");
    });
    operation.check("the preflight passes on " + name, () -> cluster.requireReady(after, name));
    if (member) {
      operation.check("etcd keeps its quorum with " + (before.etcdMembers().size() + 1) + " members while " + name
          + " starts", () -> EtcdAccess.requireQuorum(new EtcdAccess(cluster).through(before, Set.of()).health(),
              before.etcdMembers().size() + 1, "", "adding etcd member " + name));
    }
    operation.step("issue the certificates of " + name + " in the state directory", () -> cluster.secrets(after));
    if (member) {
      operation.step("announce etcd member " + name + " (" + etcd.peerUrl(added) + ") with etcdctl member add",
          this::announce);
    }
    operation.step("apply " + name + ": " + (member ? "etcd joining the running cluster, " : "")
        + "its certificates, programs and services", () -> cluster.apply(cluster.plan(after,
            PlanScope.hosts(Set.of(name)), member ? Map.of(name, initialCluster) : Map.of())));
    operation.step("update the hosts that must know " + name + " (load balancer lists, if any)",
        () -> HostChanges.updateOthers(cluster, before, after, name, "add host " + name));
    operation.step("record " + name + " in the cluster's spec and last applied plan", () -> {
      Map<String, Host> hosts = new LinkedHashMap<>(cluster.hosts());
      hosts.put(name, host);
      HostChanges.adopt(cluster, after, hosts);
    });
    if (node) {
      operation.step("wait for node " + name + " to be Ready" + (added.has(Role.CONTROL_PLANE)
          ? " and label it as a control-plane node" : ""), this::awaitNode);
    }
    return operation.build();
  }

  /**
   * {@code member add} unless a member with this name or peer URL is already listed (a re-run after a failed
   * start); the initial cluster the new member starts with is the listed members, itself included.
   */
  private void announce() {
    EtcdCtl etcdctl = new EtcdAccess(cluster).through(before, Set.of());
    String peerUrl = etcd.peerUrl(added);
    if (etcdctl.find(added.name(), peerUrl).isEmpty()) {
      etcdctl.add(added.name(), peerUrl);
    } else {
      cluster.progress("[add host " + added.name() + "] etcd already lists " + added.name());
    }
    List<EtcdMember> members = etcdctl.members();
    initialCluster = members.stream()
        .map(m -> (m.peerUrls().contains(peerUrl) ? added.name() : m.name()) + "=" + m.peerUrls().get(0))
        .collect(Collectors.joining(","));
  }

  private void awaitNode() {
    try (KubernetesClient client = cluster.client(Set.of())) {
      new NodeDrain(client, cluster::progress).awaitReady(added.name(), cluster.healthTimeout());
      if (added.has(Role.CONTROL_PLANE)) {
        NodeRoleLabels.controlPlane(List.of(added.name())).apply(client, cluster.healthTimeout(), event -> { });
      }
    }
  }
}
