package dev.kubestrap.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Takes a node out of service and back, through the API, as {@code kubectl cordon/drain/uncordon} do: drain
 * evicts every pod on the node through the eviction API, so a PodDisruptionBudget that allows no disruption makes
 * it wait (and retry) instead of being overridden; pods of DaemonSets and static (mirror) pods stay, since their
 * controllers would put them back; finished pods are deleted. Defaults: a poll every 2 s.
 */
public final class NodeDrain {
  private static final Duration POLL = Duration.ofSeconds(2);
  private static final String MIRROR = "kubernetes.io/config.mirror";

  private final KubernetesClient client;
  private final Consumer<String> progress;

  /** Drains through {@code client}, telling {@code progress} about each pod evicted or waited for. */
  public NodeDrain(KubernetesClient client, Consumer<String> progress) {
    this.client = Objects.requireNonNull(client, "client");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** Marks the node unschedulable; no-op when it already is. */
  public void cordon(String node) {
    schedulable(node, false);
  }

  /** Makes the node schedulable again; no-op when it is. */
  public void uncordon(String node) {
    schedulable(node, true);
  }

  private void schedulable(String node, boolean schedulable) {
    Node current = node(node);
    boolean unschedulable = Boolean.TRUE.equals(current.getSpec() == null ? null : current.getSpec().getUnschedulable());
    if (unschedulable == !schedulable) {
      return;
    }
    try {
      // a merge patch that carries no resourceVersion, as kubectl cordon sends: the kubelet and the controllers
      // update a node all the time, and an edit (which sends the version it read) lost that race with 409 Conflict
      client.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"spec\":{\"unschedulable\":" + (schedulable ? "null" : "true") + "}}");
    } catch (KubernetesClientException e) {
      throw new NodeDrainException((schedulable ? "uncordon" : "cordon") + " of node " + node + " failed: "
          + e.getMessage(), e);
    }
  }

  /**
   * Evicts the node's pods (not DaemonSet or mirror pods) and waits until they are gone, retrying evictions a
   * PodDisruptionBudget refuses. Cordon first, or new pods may land on the node.
   *
   * @return the pods evicted, as {@code namespace/name}
   * @throws NodeDrainException after {@code timeout}, naming the pods still there and why
   */
  public List<String> drain(String node, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> evicted = new LinkedHashSet<>();
    while (true) {
      List<Pod> pods = evictable(node);
      if (pods.isEmpty()) {
        return List.copyOf(evicted);
      }
      List<String> refused = new ArrayList<>();
      for (Pod pod : pods) {
        String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        String phase = pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getPhase());
        if (pod.getMetadata().getDeletionTimestamp() != null) {
          continue;
        }
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
          client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
          evicted.add(name);
        } else if (evict(pod)) {
          if (evicted.add(name)) {
            progress.accept("evicted " + name + " from " + node);
          }
        } else {
          refused.add(name);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new NodeDrainException("drain of node " + node + " did not finish in " + timeout.toSeconds() + " s: "
            + (refused.isEmpty() ? "pods still terminating: " + names(pods)
                : "a PodDisruptionBudget refuses to evict " + refused));
      }
      if (!refused.isEmpty()) {
        progress.accept("waiting: a PodDisruptionBudget refuses to evict " + refused + " from " + node);
      }
      sleep();
    }
  }

  private boolean evict(Pod pod) {
    try {
      return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).evict();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return true;
      }
      throw new NodeDrainException("eviction of " + pod.getMetadata().getNamespace() + "/"
          + pod.getMetadata().getName() + " failed: " + e.getMessage(), e);
    }
  }

  /** The node's pods that a drain moves: not owned by a DaemonSet, not mirrors of static pods. */
  List<Pod> evictable(String node) {
    return client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems().stream()
        .filter(pod -> pod.getMetadata().getAnnotations() == null
            || !pod.getMetadata().getAnnotations().containsKey(MIRROR))
        .filter(pod -> pod.getMetadata().getOwnerReferences() == null || pod.getMetadata().getOwnerReferences()
            .stream().map(OwnerReference::getKind).noneMatch("DaemonSet"::equals))
        .toList();
  }

  /** Whether the node is registered and reports Ready now. */
  public boolean isReady(String node) {
    Node found = client.nodes().withName(node).get();
    return found != null && readiness(found).equals("True");
  }

  /** Waits until the node reports Ready. */
  public void awaitReady(String node, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "not registered";
    while (System.nanoTime() < deadline) {
      Node found = client.nodes().withName(node).get();
      if (found != null) {
        last = readiness(found);
        if (last.equals("True")) {
          return;
        }
      }
      sleep();
    }
    throw new NodeDrainException("node " + node + " is not Ready after " + timeout.toSeconds() + " s (Ready: "
        + last + ")");
  }

  /** The version the node's kubelet reports, empty when the node is not registered. */
  public String kubeletVersion(String node) {
    Node found = client.nodes().withName(node).get();
    return found == null || found.getStatus() == null || found.getStatus().getNodeInfo() == null ? ""
        : found.getStatus().getNodeInfo().getKubeletVersion();
  }

  /** Deletes the Node object and waits until it is gone; no-op when there is none. */
  public void delete(String node, Duration timeout) {
    client.nodes().withName(node).delete();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (client.nodes().withName(node).get() != null) {
      if (System.nanoTime() > deadline) {
        throw new NodeDrainException("node " + node + " still exists " + timeout.toSeconds() + " s after its deletion");
      }
      sleep();
    }
  }

  private Node node(String node) {
    Node found = client.nodes().withName(node).get();
    if (found == null) {
      throw new NodeDrainException("no node named " + node);
    }
    return found;
  }

  private static String readiness(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return "unknown";
    }
    return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
        .map(NodeCondition::getStatus).findFirst().orElse("unknown");
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList();
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeDrainException("interrupted", e);
    }
  }
}
