package dev.kubestrap.verify;

import dev.kubestrap.verify.internal.PodStates;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Every pod in the given namespaces is Ready (or has Succeeded, like a finished job), and each
 * namespace has at least one pod, so that an add-on whose pods were not created yet does not pass.
 *
 * @param namespaces the namespaces to look at, e.g. {@code kube-system} and {@code kube-flannel}
 * @param share the weight of this check in the verifier's timeout
 */
public record PodsReadyCheck(List<String> namespaces, double share) implements Check {
  private static final int MAX_LISTED = 3;

  public PodsReadyCheck {
    namespaces = List.copyOf(namespaces);
    if (namespaces.isEmpty()) {
      throw new IllegalArgumentException("namespaces must not be empty: " + namespaces);
    }
    ClusterVerifier.requirePositiveShare(share);
  }

  @Override
  public String description() {
    return "pods in " + namespaces + " to be Ready";
  }

  @Override
  public CheckState poll(KubernetesClient client) {
    List<String> problems = new ArrayList<>();
    int readyCount = 0;
    for (String namespace : namespaces) {
      List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
      if (pods.isEmpty()) {
        problems.add("no pods in namespace '" + namespace + "' yet");
      }
      for (Pod pod : pods) {
        if (PodStates.isReady(pod) || "Succeeded".equals(PodStates.phase(pod))) {
          readyCount++;
        } else {
          problems.add("pod " + PodStates.describe(pod));
        }
      }
    }
    if (problems.isEmpty()) {
      return CheckState.satisfied(readyCount + " pods Ready");
    }
    List<String> listed = new ArrayList<>(problems.subList(0, Math.min(MAX_LISTED, problems.size())));
    if (problems.size() > MAX_LISTED) {
      listed.add("and " + (problems.size() - MAX_LISTED) + " more");
    }
    return CheckState.waiting(String.join("; ", listed));
  }
}
