package dev.kubestrap.verify;

import dev.kubestrap.verify.internal.OwnedPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

/** A check that runs a pod of its own: a leftover from an earlier run is removed first, and the pod after. */
interface PodCheck extends Check {

  /** The pod the check creates; it carries kubestrap's managed-by label. */
  Pod pod();

  @Override
  default void prepare(KubernetesClient client) {
    new OwnedPod(pod()).removeLeftover(client);
  }

  @Override
  default void cleanUp(KubernetesClient client) {
    new OwnedPod(pod()).delete(client);
  }
}
