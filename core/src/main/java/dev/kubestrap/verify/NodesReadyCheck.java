package dev.kubestrap.verify;

import dev.kubestrap.verify.internal.PodStates;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every expected node is registered and its {@code Ready} condition is {@code True}. With no
 * expected names, every registered node must be Ready and there must be at least one.
 *
 * @param nodeNames the node names (as the kubelets register them); empty means "all registered"
 * @param share the weight of this check in the verifier's timeout
 */
public record NodesReadyCheck(List<String> nodeNames, double share) implements Check {
  public NodesReadyCheck {
    nodeNames = List.copyOf(nodeNames);
    ClusterVerifier.requirePositiveShare(share);
  }

  @Override
  public String description() {
    return (nodeNames.isEmpty() ? "all nodes" : "nodes " + nodeNames) + " to be Ready";
  }

  @Override
  public CheckState poll(KubernetesClient client) {
    List<String> problems = new ArrayList<>();
    List<String> ready = new ArrayList<>();
    if (nodeNames.isEmpty()) {
      List<Node> nodes = client.nodes().list().getItems();
      if (nodes.isEmpty()) {
        return CheckState.waiting("no node registered");
      }
      nodes.forEach(node -> classify(node.getMetadata().getName(), node, ready, problems));
    } else {
      for (String name : nodeNames) {
        classify(name, client.nodes().withName(name).get(), ready, problems);
      }
    }
    return problems.isEmpty()
        ? CheckState.satisfied("nodes " + ready + " Ready")
        : CheckState.waiting(String.join("; ", problems));
  }

  private static void classify(String name, Node node, List<String> ready, List<String> problems) {
    if (node == null) {
      problems.add("node '" + name + "' not registered");
      return;
    }
    Optional<NodeCondition> condition = node.getStatus() == null || node.getStatus().getConditions() == null
        ? Optional.empty()
        : node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    if (condition.isEmpty()) {
      problems.add("node '" + name + "' has no Ready condition yet");
    } else if (Objects.equals(condition.get().getStatus(), "True")) {
      ready.add(name);
    } else {
      NodeCondition c = condition.get();
      problems.add("node '" + name + "' not Ready: conditions Ready=" + c.getStatus()
          + " (" + PodStates.joined(c.getReason(), c.getMessage()) + ")");
    }
  }
}
