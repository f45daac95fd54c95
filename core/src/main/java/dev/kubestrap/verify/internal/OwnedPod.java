package dev.kubestrap.verify.internal;

import dev.kubestrap.verify.VerificationException;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;

/**
 * A short-lived pod that a check creates, watches and deletes. Ownership is marked by the
 * managed-by label: a pod of the same name without it belongs to someone else and is never touched.
 */
public final class OwnedPod {
  public static final String MANAGED_BY_KEY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "kubestrap";

  private final Pod desired;

  /** {@code desired} must carry the managed-by label. */
  public OwnedPod(Pod desired) {
    if (!MANAGED_BY_VALUE.equals(desired.getMetadata().getLabels().get(MANAGED_BY_KEY))) {
      throw new IllegalArgumentException("pod must carry " + MANAGED_BY_KEY + "=" + MANAGED_BY_VALUE + ": "
          + desired.getMetadata().getName());
    }
    this.desired = desired;
  }

  /**
   * What a poll saw: the live pod, or why there is none to look at yet.
   *
   * @param pod the live pod, or {@code null}
   * @param detail why there is no pod to judge yet, when {@code pod} is null
   */
  public record Observed(Pod pod, String detail) {}

  /** Metadata for a pod of ours: name, namespace, the managed-by label and {@code labels} (key, value, ...). */
  public static ObjectMeta metadata(String namespace, String name, String... labels) {
    ObjectMetaBuilder metadata = new ObjectMetaBuilder().withName(name).withNamespace(namespace);
    for (int i = 0; i + 1 < labels.length; i += 2) {
      metadata.addToLabels(labels[i], labels[i + 1]);
    }
    return metadata.addToLabels(MANAGED_BY_KEY, MANAGED_BY_VALUE).build();
  }

  public String qualifiedName() {
    return desired.getMetadata().getNamespace() + "/" + desired.getMetadata().getName();
  }

  /** Removes a pod of ours that an earlier run left behind; refuses to go on if the name is taken. */
  public void removeLeftover(KubernetesClient client) {
    Pod live = resource(client).get();
    if (live != null) {
      requireOurs(live);
      resource(client).withGracePeriod(0).delete();
    }
  }

  /**
   * The live pod; creates it when missing (returning the pod as created), and reports none while an
   * earlier one is still terminating.
   */
  public Observed observe(KubernetesClient client) {
    Pod live = resource(client).get();
    if (live == null) {
      try {
        return new Observed(resource(client).create(), null);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          return new Observed(null, "pod " + qualifiedName() + " still exists from an earlier attempt");
        }
        throw e;
      }
    }
    requireOurs(live);
    if (live.getMetadata().getDeletionTimestamp() != null) {
      return new Observed(null, "earlier pod " + qualifiedName() + " still terminating");
    }
    return new Observed(live, null);
  }

  /** The pod's log, or a note saying why it could not be read. */
  public String log(KubernetesClient client) {
    try {
      String log = resource(client).getLog();
      return log == null ? "" : log;
    } catch (KubernetesClientException e) {
      return "(log unavailable: HTTP " + e.getCode() + ")";
    }
  }

  /** Deletes the pod at once if it is there and ours; a no-op otherwise. */
  public void delete(KubernetesClient client) {
    Pod live = resource(client).get();
    if (live != null && isOurs(live)) {
      resource(client).withGracePeriod(0).delete();
    }
  }

  private static boolean isOurs(Pod live) {
    return live.getMetadata().getLabels() != null
        && MANAGED_BY_VALUE.equals(live.getMetadata().getLabels().get(MANAGED_BY_KEY));
  }

  private void requireOurs(Pod live) {
    if (!isOurs(live)) {
      throw new VerificationException("pod " + qualifiedName() + " exists and is not kubestrap's (no label "
          + MANAGED_BY_KEY + "=" + MANAGED_BY_VALUE + "); remove it or choose another pod name");
    }
  }

  private PodResource resource(KubernetesClient client) {
    return client.pods().inNamespace(desired.getMetadata().getNamespace()).resource(desired);
  }
}
