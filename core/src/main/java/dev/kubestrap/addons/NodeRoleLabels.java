package dev.kubestrap.addons;

import dev.kubestrap.addons.AddonEvent.Outcome;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Labels nodes with their role, {@code node-role.kubernetes.io/<role>=""}, through the API once their kubelets
 * have registered them: the NodeRestriction admission forbids a kubelet to set {@code node-role} labels on
 * itself. A node that already has the label is left as it is, so a re-apply changes nothing. The label is
 * added with a patch of the live node, never by replacing it.
 */
public final class NodeRoleLabels {
  private static final String PREFIX = "node-role.kubernetes.io/";
  private static final String ADDON = "node-roles";

  private final String role;
  private final List<String> nodes;

  private NodeRoleLabels(String role, List<String> nodes) {
    this.role = role;
    this.nodes = List.copyOf(nodes);
  }

  /** The {@code control-plane} role label for {@code nodes}. */
  public static NodeRoleLabels controlPlane(List<String> nodes) {
    return new NodeRoleLabels("control-plane", nodes);
  }

  /** The label key, e.g. {@code node-role.kubernetes.io/control-plane}. */
  public String label() {
    return PREFIX + role;
  }

  /**
   * Waits up to {@code timeout} for each node to be registered, then labels it.
   *
   * @throws AddonApplyException when a node does not appear in time or the patch is refused
   */
  public List<AddonEvent> apply(KubernetesClient client, Duration timeout, AddonListener listener) {
    List<AddonEvent> events = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String name : nodes) {
      Node node = awaitRegistered(client, name, deadline, timeout);
      Outcome outcome = Outcome.UNCHANGED;
      if (node.getMetadata().getLabels() == null || !node.getMetadata().getLabels().containsKey(label())) {
        try {
          // a merge patch of the one label with no resourceVersion: a kubelet that just registered its node
          // updates it often, and an edit (which sends the version it read) can lose that race with 409 Conflict
          node = client.nodes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"labels\":{\"" + label() + "\":\"\"}}}");
        } catch (KubernetesClientException e) {
          throw new AddonApplyException(ADDON, "Node/" + name, e.getMessage(), e);
        }
        outcome = Outcome.UPDATED;
      }
      AddonEvent event = AddonEvent.of(ADDON, node, outcome);
      events.add(event);
      listener.onEvent(event);
    }
    return List.copyOf(events);
  }

  private static Node awaitRegistered(KubernetesClient client, String name, long deadline, Duration timeout) {
    while (true) {
      Node node = client.nodes().withName(name).get();
      if (node != null) {
        return node;
      }
      if (System.nanoTime() > deadline) {
        throw new AddonApplyException(ADDON, "Node/" + name, "its kubelet did not register it within " + timeout, null);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AddonApplyException(ADDON, "Node/" + name, "interrupted while waiting for it to register", e);
      }
    }
  }
}
