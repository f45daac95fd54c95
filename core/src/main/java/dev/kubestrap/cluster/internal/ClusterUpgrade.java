package dev.kubestrap.cluster.internal;

import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.component.Component;
import dev.kubestrap.component.Components;
import dev.kubestrap.etcd.EtcdHealth;
import dev.kubestrap.nodes.NodeDrain;
import dev.kubestrap.operation.Operation;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.InvalidSpecException;
import dev.kubestrap.spec.ReleaseVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Cluster.upgrade}: the components in the order the Kubernetes version-skew policy requires — etcd when its
 * version changes (one member at a time), every kube-apiserver (one host at a time, each waited for until
 * {@code /readyz}), then kube-controller-manager and kube-scheduler, then the node components node by node
 * (control-plane nodes first), each node cordoned, drained and uncordoned. Stopping anywhere leaves the cluster
 * on a supported skew: no kubelet is newer than an apiserver, no controller newer than the apiservers.
 */
public final class ClusterUpgrade {
  private static final Set<ComponentName> NODE_COMPONENTS = Set.of(ComponentName.CONTAINERD, ComponentName.KUBELET,
      ComponentName.KUBE_PROXY, ComponentName.KUBE_APISERVER_LB);

  private final ClusterContext cluster;
  private final ClusterSpec before;
  private final ClusterSpec after;

  private ClusterUpgrade(ClusterContext cluster, String version, Optional<String> etcdVersion) {
    this.cluster = cluster;
    this.before = cluster.spec();
    ReleaseVersion from = before.kubernetesVersion();
    ReleaseVersion to = ReleaseVersion.parse("upgrade version", version);
    refuseSkewViolations(from, to);
    ClusterSpec.Builder target = before.toBuilder().kubernetesVersion(to.toString());
    target.etcdVersion(etcdVersion.orElseGet(() -> etcdAfter(before, to)));
    try {
      this.after = target.build();
    } catch (InvalidSpecException e) {
      throw new ClusterException("upgrade of " + before.name() + " to " + to + " refused, nothing was touched: the "
          + "cluster's settings are not valid for " + to.line() + ": " + e.getMessage(), e);
    }
    renderAll(after);
  }

  /** The operation upgrading to {@code version}; refusals (a skipped minor, a downgrade) are raised here. */
  public static Operation operation(ClusterContext cluster, String version, Optional<String> etcdVersion) {
    return new ClusterUpgrade(cluster, version, etcdVersion).build();
  }

  /** Up only, and one minor at a time, as the version-skew policy allows. */
  static void refuseSkewViolations(ReleaseVersion from, ReleaseVersion to) {
    String refused = "upgrade from " + from + " to " + to + " refused, nothing was touched: ";
    if (to.major() != from.major()) {
      throw new ClusterException(refused + "a major version change is not supported");
    }
    if (to.minor() < from.minor() || to.minor() == from.minor() && to.patch() < from.patch()) {
      throw new ClusterException(refused + "it goes down; Kubernetes supports no downgrade");
    }
    if (to.minor() > from.minor() + 1) {
      throw new ClusterException(refused + "it skips " + from.major() + "." + (from.minor() + 1)
          + "; the version-skew policy allows one minor version at a time: upgrade to " + from.major() + "."
          + (from.minor() + 1) + ".x first");
    }
    if (to.equals(from)) {
      throw new ClusterException(refused + "the cluster already runs " + from);
    }
  }

  /** The new minor's default etcd when the cluster runs the old minor's default, else the etcd it runs. */
  static String etcdAfter(ClusterSpec before, ReleaseVersion to) {
    ReleaseVersion oldDefault = ReleaseVersion.parse("etcdVersion",
        ClusterSpec.defaultEtcdVersion(before.kubernetesMinor()));
    return oldDefault.equals(before.etcdVersion()) ? ClusterSpec.defaultEtcdVersion(to.line())
        : before.etcdVersion().toString();
  }

  /** Renders every component on every host for the new version, so a flag it no longer offers refuses here. */
  private static void renderAll(ClusterSpec spec) {
    for (HostSpec host : spec.hosts()) {
      for (Component component : Components.on(spec, host)) {
        try {
          component.command(host);
        } catch (RuntimeException e) {
          throw new ClusterException("upgrade of " + spec.name() + " to " + spec.kubernetesVersion() + " refused, "
              + "nothing was touched: " + component.name() + " on " + host.name() + ": " + e.getMessage(), e);
        }
      }
    }
  }

  private Operation build() {
    String to = after.kubernetesVersion().toString();
    Operation.Builder operation = Operation.builder("upgrade " + before.name() + " from " + before.kubernetesVersion()
        + " to " + to).on(cluster);
    flagChanges().forEach(operation::warning);
    operation.check("every node is Ready", this::requireNodesReady);
    operation.check("every etcd member is healthy", () -> {
      List<EtcdHealth> health = new EtcdAccess(cluster).through(before, Set.of()).health();
      if (!health.stream().allMatch(EtcdHealth::healthy)) {
        throw new ClusterException("unhealthy etcd members: " + health);
      }
    });
    operation.check("the programs of " + to + " resolve", () -> cluster.plan(after, PlanScope.everything(), Map.of()));
    boolean etcdChanges = !after.etcdVersion().equals(before.etcdVersion());
    for (HostSpec member : etcdChanges ? after.etcdMembers() : List.<HostSpec>of()) {
      operation.step("etcd " + before.etcdVersion() + " -> " + after.etcdVersion() + " on " + member.name()
          + ", waiting until healthy", () -> applyComponents(member, Set.of(ComponentName.ETCD)));
    }
    for (HostSpec controlPlane : after.controlPlaneHosts()) {
      operation.step("kube-apiserver -> " + to + " on " + controlPlane.name() + ", waiting for its /readyz", () -> {
        applyComponents(controlPlane, Set.of(ComponentName.KUBE_APISERVER));
        ApiServerReadiness.await(URI.create("https://" + ClusterSpec.hostPort(controlPlane.address(),
            after.apiServerPort())), cluster.secrets(after).certificates().ca().certificate(), cluster.healthTimeout());
      });
    }
    for (HostSpec controlPlane : after.controlPlaneHosts()) {
      operation.step("kube-controller-manager and kube-scheduler -> " + to + " on " + controlPlane.name(),
          () -> applyComponents(controlPlane, Set.of(ComponentName.KUBE_CONTROLLER_MANAGER,
              ComponentName.KUBE_SCHEDULER)));
    }
    for (HostSpec node : after.nodes()) {
      operation.step("kubelet and kube-proxy -> " + to + " on " + node.name() + ": cordon, drain, upgrade, wait until "
          + "Ready, uncordon", () -> upgradeNode(node));
    }
    operation.step("record " + to + " as the cluster's version and its plan as the last applied one", () -> {
      cluster.adopt(after, cluster.hosts());
      cluster.recordApplied(after);
    });
    return operation.build();
  }

  private void applyComponents(HostSpec host, Set<ComponentName> components) {
    cluster.apply(cluster.plan(after, PlanScope.hosts(Set.of(host.name())).components(components), Map.of()));
  }

  /** A node whose kubelet already reports the new version (a re-run) is left alone. */
  private void upgradeNode(HostSpec node) {
    String target = "v" + after.kubernetesVersion();
    try (KubernetesClient client = cluster.client(Set.of())) {
      NodeDrain nodes = new NodeDrain(client, cluster::progress);
      if (target.equals(nodes.kubeletVersion(node.name()))) {
        cluster.progress("[upgrade] " + node.name() + " already runs " + target);
        return;
      }
      nodes.cordon(node.name());
      nodes.drain(node.name(), HostRemoval.DRAIN_TIMEOUT);
      applyComponents(node, NODE_COMPONENTS);
      nodes.awaitReady(node.name(), cluster.healthTimeout());
      String running = nodes.kubeletVersion(node.name());
      if (!target.equals(running)) {
        throw new ClusterException("the kubelet on " + node.name() + " reports " + running + " after the upgrade, not "
            + target);
      }
      nodes.uncordon(node.name());
    }
  }

  private void requireNodesReady() {
    try (KubernetesClient client = cluster.client(Set.of())) {
      NodeDrain nodes = new NodeDrain(client, cluster::progress);
      List<String> notReady = before.nodes().stream().map(HostSpec::name).filter(node -> !nodes.isReady(node)).toList();
      if (!notReady.isEmpty()) {
        throw new ClusterException("nodes not Ready: " + notReady);
      }
    }
  }

  /** The flags kubestrap sets differently for the new version, per component, as the plan shows them. */
  private List<String> flagChanges() {
    Map<String, List<String>> changes = new LinkedHashMap<>();
    for (HostSpec host : after.hosts()) {
      Map<ComponentName, Map<String, String>> old = flags(before, before.host(host.name()));
      flags(after, host).forEach((component, flags) -> {
        Map<String, String> previous = old.getOrDefault(component, Map.of());
        Set<String> names = new LinkedHashSet<>(previous.keySet());
        names.addAll(flags.keySet());
        for (String flag : names) {
          if (!Objects.equals(previous.get(flag), flags.get(flag))) {
            changes.computeIfAbsent(component.id() + " " + flag + ": " + describe(previous.get(flag))
                + " -> " + describe(flags.get(flag)), k -> new ArrayList<>()).add(host.name());
          }
        }
      });
    }
    List<String> lines = new ArrayList<>();
    changes.forEach((change, hosts) -> lines.add("flag changed for the new version: " + change + " on " + hosts));
    return lines;
  }

  private static Map<ComponentName, Map<String, String>> flags(ClusterSpec spec, HostSpec host) {
    Map<ComponentName, Map<String, String>> flags = new HashMap<>();
    Components.on(spec, host).forEach(component -> flags.put(component.name(), component.flags(host)));
    return flags;
  }

  private static String describe(String value) {
    return value == null ? "(not set)" : value;
  }
}
