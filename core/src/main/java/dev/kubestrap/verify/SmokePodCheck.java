package dev.kubestrap.verify;

import dev.kubestrap.verify.internal.OwnedPod;
import dev.kubestrap.verify.internal.PodStates;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The seed's smoke test ({@code pod.yml}): a Pod running nginx, labelled {@code run: test}, reaches
 * phase Running. The pod is created by the check and deleted afterwards.
 *
 * @param namespace where the pod runs, e.g. {@code default}
 * @param name the pod name, {@code nginx} in the seed
 * @param image the image, pinned, e.g. {@code docker.io/library/nginx:1.27}
 * @param share the weight of this check in the verifier's timeout
 */
public record SmokePodCheck(String namespace, String name, String image, double share) implements PodCheck {
  public SmokePodCheck {
    ClusterVerifier.requireName("namespace", namespace);
    ClusterVerifier.requireName("name", name);
    ClusterVerifier.requireImage("smokeImage", image);
    ClusterVerifier.requirePositiveShare(share);
  }

  @Override
  public String description() {
    return "smoke pod " + namespace + "/" + name + " (" + image + ") to be Running";
  }

  /** The pod this check creates. */
  @Override
  public Pod pod() {
    return new PodBuilder()
        .withMetadata(OwnedPod.metadata(namespace, name, "run", "test"))
        .withNewSpec()
        .addNewContainer().withName("nginx").withImage(image).addNewPort().withContainerPort(80).endPort().endContainer()
        .endSpec()
        .build();
  }

  @Override
  public CheckState poll(KubernetesClient client) {
    OwnedPod.Observed observed = new OwnedPod(pod()).observe(client);
    if (observed.pod() == null) {
      return CheckState.waiting(observed.detail());
    }
    String state = "pod " + PodStates.describe(observed.pod());
    return "Running".equals(PodStates.phase(observed.pod())) ? CheckState.satisfied(state) : CheckState.waiting(state);
  }
}
