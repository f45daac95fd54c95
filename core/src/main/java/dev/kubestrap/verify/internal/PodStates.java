package dev.kubestrap.verify.internal;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a pod's status the way {@code kubectl get/describe} summarizes it. */
public final class PodStates {
  private PodStates() {}

  public static String phase(Pod pod) {
    PodStatus status = pod.getStatus();
    return status == null || status.getPhase() == null ? "Pending" : status.getPhase();
  }

  public static boolean isReady(Pod pod) {
    return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  public static Optional<PodCondition> condition(Pod pod, String type) {
    PodStatus status = pod.getStatus();
    if (status == null || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * {@code "kube-system/coredns-1 Pending (coredns waiting: ImagePullBackOff: back-off pulling)"}:
   * the phase, then why containers are not running, or why the pod is not scheduled.
   */
  public static String describe(Pod pod) {
    StringBuilder out = new StringBuilder(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName())
        .append(' ').append(phase(pod));
    List<String> reasons = new ArrayList<>();
    PodStatus status = pod.getStatus();
    if (status != null && status.getContainerStatuses() != null) {
      for (ContainerStatus container : status.getContainerStatuses()) {
        containerReason(container).ifPresent(reasons::add);
      }
    }
    if (reasons.isEmpty()) {
      condition(pod, "PodScheduled").filter(c -> "False".equals(c.getStatus()))
          .ifPresent(c -> reasons.add("unschedulable: " + joined(c.getReason(), c.getMessage())));
    }
    if (reasons.isEmpty()) {
      condition(pod, "Ready").ifPresent(c -> reasons.add("Ready=" + c.getStatus()
          + (c.getReason() == null ? "" : " (" + joined(c.getReason(), c.getMessage()) + ")")));
    }
    if (!reasons.isEmpty()) {
      out.append(" (").append(String.join("; ", reasons)).append(')');
    }
    return out.toString();
  }

  private static Optional<String> containerReason(ContainerStatus container) {
    if (container.getState() == null) {
      return Optional.empty();
    }
    if (container.getState().getWaiting() != null) {
      var waiting = container.getState().getWaiting();
      return Optional.of(container.getName() + " waiting: " + joined(waiting.getReason(), waiting.getMessage()));
    }
    if (container.getState().getTerminated() != null) {
      var terminated = container.getState().getTerminated();
      return Optional.of(container.getName() + " terminated: exit " + terminated.getExitCode()
          + (terminated.getReason() == null ? "" : " " + terminated.getReason()));
    }
    if (Boolean.FALSE.equals(container.getReady())) {
      return Optional.of(container.getName() + " running, not ready");
    }
    return Optional.empty();
  }

  /** {@code "reason: message"}, either part omitted when absent. */
  public static String joined(String reason, String message) {
    if (reason == null || reason.isBlank()) {
      return message == null ? "no reason given" : message;
    }
    return message == null || message.isBlank() ? reason : reason + ": " + message;
  }
}
