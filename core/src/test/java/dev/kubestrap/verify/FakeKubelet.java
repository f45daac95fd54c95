package dev.kubestrap.verify;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Test stand-in for the kubelets and controllers of a real cluster: it writes node and pod status
 * into fabric8's CRUD mock store, on a script, from a background thread, while the verifier polls.
 */
final class FakeKubelet implements AutoCloseable {
  private final KubernetesClient client;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fake-kubelet");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();

  FakeKubelet(KubernetesClient client) {
    this.client = client;
  }

  /** Registers a node whose Ready condition is False for the given reason. */
  void registerNotReadyNode(String name, String reason, String message) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewStatus().withConditions(readyCondition("False", reason, message)).endStatus().build()).create();
  }

  /** Registers a node that is Ready from the start. */
  void registerReadyNode(String name) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewStatus().withConditions(readyCondition("True", "KubeletReady", "kubelet is posting ready status"))
        .endStatus().build()).create();
  }

  /** After {@code delay}, the node reports Ready=True. */
  void nodeBecomesReadyAfter(String name, Duration delay) {
    later(delay, () -> client.nodes().withName(name).edit(node -> new NodeBuilder(node)
        .editStatus().withConditions(readyCondition("True", "KubeletReady", "kubelet is posting ready status"))
        .endStatus().build()));
  }

  /** Creates a pod that is Running but not Ready. */
  void runningPod(String namespace, String name) {
    runningPod(namespace, name, false);
  }

  /** Creates a pod that is Running, Ready or not. */
  void runningPod(String namespace, String name, boolean ready) {
    client.pods().inNamespace(namespace).resource(new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("example.invalid/image:1").endContainer().endSpec()
        .withStatus(new PodStatusBuilder().withPhase("Running")
            .withConditions(podCondition("Ready", ready ? "True" : "False")).build())
        .build()).create();
  }

  /** After {@code delay}, the pod reports Ready=True. */
  void podBecomesReadyAfter(String namespace, String name, Duration delay) {
    later(delay, () -> client.pods().inNamespace(namespace).withName(name).edit(pod -> new PodBuilder(pod)
        .editStatus().withConditions(podCondition("Ready", "True")).endStatus().build()));
  }

  /**
   * Whenever pod {@code namespace/name} exists without a phase for {@code delay}, gives it
   * {@code phase}: what a kubelet does once the image is pulled and the container has run.
   */
  void startsPodAfter(String namespace, String name, String phase, Duration delay) {
    scheduler.scheduleWithFixedDelay(() -> {
      Pod pod = client.pods().inNamespace(namespace).withName(name).get();
      if (pod == null) {
        firstSeen.keySet().removeIf(key -> key.startsWith(name + "@"));
        return;
      }
      if (pod.getStatus() != null && pod.getStatus().getPhase() != null) {
        return;
      }
      // Keyed by uid as well, so that a pod re-created under the same name waits again.
      String key = name + "@" + pod.getMetadata().getUid();
      long seen = firstSeen.computeIfAbsent(key, k -> System.nanoTime());
      if (System.nanoTime() - seen >= delay.toNanos()) {
        client.pods().inNamespace(namespace).withName(name).edit(p -> new PodBuilder(p)
            .withStatus(new PodStatusBuilder().withPhase(phase).build()).build());
      }
    }, 10, 10, TimeUnit.MILLISECONDS);
  }

  private void later(Duration delay, Runnable change) {
    scheduler.schedule(change, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  static NodeCondition readyCondition(String status, String reason, String message) {
    return new NodeConditionBuilder().withType("Ready").withStatus(status).withReason(reason).withMessage(message).build();
  }

  static PodCondition podCondition(String type, String status) {
    return new PodConditionBuilder().withType(type).withStatus(status).build();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
