package dev.kubestrap.addons.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.Map;

/**
 * The order objects are applied in: what others refer to first (namespaces, service accounts, RBAC,
 * configuration, services), workloads last, so that no pod starts before its identity, permissions
 * and configuration exist. Kinds of equal rank keep their given order.
 */
public final class ApplyOrder {
  private static final int OTHER = 7;
  private static final Map<String, Integer> RANK = Map.ofEntries(
      Map.entry("Namespace", 0),
      Map.entry("CustomResourceDefinition", 1),
      Map.entry("PriorityClass", 1),
      Map.entry("ServiceAccount", 2),
      Map.entry("ClusterRole", 3),
      Map.entry("Role", 3),
      Map.entry("ClusterRoleBinding", 4),
      Map.entry("RoleBinding", 4),
      Map.entry("ConfigMap", 5),
      Map.entry("Secret", 5),
      Map.entry("Service", 6),
      Map.entry("DaemonSet", 8),
      Map.entry("Deployment", 8),
      Map.entry("StatefulSet", 8),
      Map.entry("ReplicaSet", 8),
      Map.entry("Job", 8),
      Map.entry("CronJob", 8),
      Map.entry("Pod", 8));

  /** Sorts by rank; {@code List.sort} is stable, so equal ranks keep their order. */
  public static final Comparator<HasMetadata> COMPARATOR = Comparator.comparingInt(ApplyOrder::rank);

  private ApplyOrder() {}

  public static int rank(HasMetadata object) {
    return RANK.getOrDefault(object.getKind(), OTHER);
  }
}
