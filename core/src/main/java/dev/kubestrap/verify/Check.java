package dev.kubestrap.verify;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * One thing {@link ClusterVerifier} waits for. The verifier calls {@link #prepare} once, then
 * {@link #poll} at its poll interval until the check is satisfied or its share of the timeout runs
 * out, and always {@link #cleanUp} at the end. A poll reports the state it saw, which becomes the
 * "last state" of a timeout.
 */
public interface Check {

  /** What is waited for, completing "waiting for ...", e.g. {@code "nodes [node] to be Ready"}. */
  String description();

  /** This check's weight when the verifier splits its timeout; unused time passes to later checks. */
  double share();

  /** Sets up what the check needs, such as removing a pod a previous run left behind. */
  default void prepare(KubernetesClient client) {}

  /** Looks at the cluster once, creating whatever the check needs that is still missing. */
  CheckState poll(KubernetesClient client);

  /** Removes what the check created. Called whether the check passed or not. */
  default void cleanUp(KubernetesClient client) {}
}
