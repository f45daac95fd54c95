package dev.kubestrap.addons;

import dev.kubestrap.addons.internal.Labels;
import dev.kubestrap.addons.internal.Rbac;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Objects;

/**
 * The cluster-wide RBAC that kubestrap's certificate identities need.
 *
 * <ul>
 *   <li>The API server's kubelet-client identity (user {@value #DEFAULT_KUBELET_CLIENT_USER} by
 *       default, the CN of its {@code --kubelet-client-certificate}) is bound to the built-in
 *       ClusterRole {@value #KUBELET_API_ADMIN_ROLE}. Without it every {@code kubectl
 *       logs/exec/port-forward} is refused by the kubelet's webhook authorization (the seed's bug
 *       B2). The built-in role is used rather than a hand-written one because Kubernetes keeps it
 *       in step with the kubelet API (nodes/proxy, nodes/log, nodes/stats, nodes/metrics, nodes/spec
 *       and the finer-grained subresources of newer releases).
 *   <li>The admin group ({@value #DEFAULT_ADMIN_GROUP} by default, the O of the admin client
 *       certificate) is bound to {@code cluster-admin}, so the admin kubeconfig does not need the
 *       {@code system:masters} break-glass group.
 *   <li>The group {@code system:nodes} is bound to the built-in ClusterRole {@value #SELF_NODE_CLIENT_ROLE},
 *       as kubeadm binds it: kube-controller-manager's CSR approver then approves the certificate signing
 *       requests in which a kubelet renews its own client certificate ({@code rotateCertificates}), and
 *       only those (a kubelet asking for another node's name is not approved).
 * </ul>
 *
 * <p>Defaults: the user and group above; binding names {@value #KUBELET_CLIENT_BINDING} and
 * {@value #ADMIN_BINDING} and {@value #SELF_NODE_CLIENT_BINDING}.
 */
public final class ClusterRbac implements Addon {
  public static final String DEFAULT_KUBELET_CLIENT_USER = "kube-apiserver-kubelet-client";
  public static final String DEFAULT_ADMIN_GROUP = "kubestrap:cluster-admins";
  public static final String KUBELET_API_ADMIN_ROLE = "system:kubelet-api-admin";
  public static final String KUBELET_CLIENT_BINDING = "kubestrap:kube-apiserver-kubelet-client";
  public static final String ADMIN_BINDING = "kubestrap:cluster-admins";
  public static final String SELF_NODE_CLIENT_ROLE = "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient";
  public static final String SELF_NODE_CLIENT_BINDING = "kubestrap:kubelet-client-renewal";

  private final String kubeletClientUser;
  private final String adminGroup;

  private ClusterRbac(Builder builder) {
    this.kubeletClientUser = builder.kubeletClientUser;
    this.adminGroup = builder.adminGroup;
  }

  /** The RBAC with the default user and group names. */
  public static ClusterRbac defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public String kubeletClientUser() {
    return kubeletClientUser;
  }

  public String adminGroup() {
    return adminGroup;
  }

  @Override
  public String name() {
    return "cluster-rbac";
  }

  @Override
  public List<HasMetadata> objects() {
    return List.of(
        binding(KUBELET_CLIENT_BINDING, KUBELET_API_ADMIN_ROLE, Rbac.user(kubeletClientUser)),
        binding(ADMIN_BINDING, "cluster-admin", Rbac.group(adminGroup)),
        binding(SELF_NODE_CLIENT_BINDING, SELF_NODE_CLIENT_ROLE, Rbac.group("system:nodes")));
  }

  private static ClusterRoleBinding binding(String name, String role, Subject subject) {
    return Rbac.bind(new ObjectMetaBuilder().withName(name).withLabels(Labels.managed()).build(), role, subject);
  }

  @Override
  public String toString() {
    return "ClusterRbac{kubeletClientUser=" + kubeletClientUser + ", adminGroup=" + adminGroup + "}";
  }

  /** Builds a {@link ClusterRbac}; every setting has a default. */
  public static final class Builder {
    private String kubeletClientUser = DEFAULT_KUBELET_CLIENT_USER;
    private String adminGroup = DEFAULT_ADMIN_GROUP;

    private Builder() {}

    /** The user the API server presents to kubelets. Default {@value #DEFAULT_KUBELET_CLIENT_USER}. */
    public Builder kubeletClientUser(String user) {
      this.kubeletClientUser = Objects.requireNonNull(user, "kubeletClientUser");
      return this;
    }

    /** The group granted {@code cluster-admin}. Default {@value #DEFAULT_ADMIN_GROUP}. */
    public Builder adminGroup(String group) {
      this.adminGroup = Objects.requireNonNull(group, "adminGroup");
      return this;
    }

    public ClusterRbac build() {
      requireName("kubeletClientUser", kubeletClientUser);
      requireName("adminGroup", adminGroup);
      if (adminGroup.equals("system:masters")) {
        throw new IllegalArgumentException(
            "adminGroup must not be system:masters (it bypasses RBAC and needs no binding): '" + adminGroup + "'");
      }
      return new ClusterRbac(this);
    }

    private static void requireName(String field, String value) {
      if (value.isBlank() || !value.equals(value.strip())) {
        throw new IllegalArgumentException(field + " must be a non-empty name without surrounding spaces: '" + value + "'");
      }
    }
  }
}
