package dev.kubestrap.standin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The legacy discovery documents ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/<group>/<version>})
 * for the resources kubestrap's addons and its checks use. fabric8's mock server does not serve discovery, and
 * {@code kubectl} needs it to map {@code nodes} to a path.
 */
final class Discovery {
  private record Resource(String name, String kind, boolean namespaced) {}

  private static final Map<String, List<Resource>> GROUP_VERSIONS = new LinkedHashMap<>();

  static {
    GROUP_VERSIONS.put("v1", List.of(new Resource("nodes", "Node", false), new Resource("namespaces", "Namespace", false),
        new Resource("pods", "Pod", true), new Resource("services", "Service", true),
        new Resource("configmaps", "ConfigMap", true), new Resource("secrets", "Secret", true),
        new Resource("serviceaccounts", "ServiceAccount", true), new Resource("endpoints", "Endpoints", true),
        new Resource("events", "Event", true)));
    GROUP_VERSIONS.put("apps/v1", List.of(new Resource("deployments", "Deployment", true),
        new Resource("daemonsets", "DaemonSet", true), new Resource("replicasets", "ReplicaSet", true)));
    GROUP_VERSIONS.put("rbac.authorization.k8s.io/v1", List.of(
        new Resource("clusterroles", "ClusterRole", false), new Resource("clusterrolebindings", "ClusterRoleBinding", false),
        new Resource("roles", "Role", true), new Resource("rolebindings", "RoleBinding", true)));
    GROUP_VERSIONS.put("policy/v1", List.of(new Resource("poddisruptionbudgets", "PodDisruptionBudget", true)));
  }

  private Discovery() {}

  /** The discovery document for {@code path}, if it is a discovery path. */
  static Optional<Map<String, Object>> document(String path, String advertiseAddress) {
    if (path.equals("/api")) {
      return Optional.of(Map.of("kind", "APIVersions", "versions", List.of("v1"), "serverAddressByClientCIDRs",
          List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", advertiseAddress))));
    }
    if (path.equals("/apis")) {
      List<Map<String, Object>> groups = new ArrayList<>();
      GROUP_VERSIONS.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> {
        Map<String, Object> version = Map.of("groupVersion", gv, "version", gv.substring(gv.indexOf('/') + 1));
        groups.add(Map.of("name", gv.substring(0, gv.indexOf('/')), "versions", List.of(version),
            "preferredVersion", version));
      });
      return Optional.of(Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups));
    }
    String groupVersion = path.equals("/api/v1") ? "v1" : path.startsWith("/apis/") ? path.substring(6) : "";
    List<Resource> resources = GROUP_VERSIONS.get(groupVersion);
    if (resources == null) {
      return Optional.empty();
    }
    List<Map<String, Object>> list = resources.stream().map(r -> Map.<String, Object>of("name", r.name(),
        "singularName", r.kind().toLowerCase(), "namespaced", r.namespaced(), "kind", r.kind(),
        "verbs", List.of("create", "delete", "get", "list", "patch", "update", "watch"))).toList();
    return Optional.of(Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", groupVersion,
        "resources", list));
  }
}
