package dev.kubestrap.addons.internal;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;

/** ClusterRoleBindings and their subjects, as every add-on writes them. */
public final class Rbac {
  public static final String API_GROUP = "rbac.authorization.k8s.io";

  private Rbac() {}

  /** A binding of ClusterRole {@code role} to {@code subject}, with the given metadata. */
  public static ClusterRoleBinding bind(ObjectMeta metadata, String role, Subject subject) {
    return new ClusterRoleBindingBuilder()
        .withMetadata(metadata)
        .withNewRoleRef().withApiGroup(API_GROUP).withKind("ClusterRole").withName(role).endRoleRef()
        .withSubjects(subject)
        .build();
  }

  public static Subject user(String name) {
    return new SubjectBuilder().withApiGroup(API_GROUP).withKind("User").withName(name).build();
  }

  public static Subject group(String name) {
    return new SubjectBuilder().withApiGroup(API_GROUP).withKind("Group").withName(name).build();
  }

  public static Subject serviceAccount(String namespace, String name) {
    return new SubjectBuilder().withKind("ServiceAccount").withName(name).withNamespace(namespace).build();
  }
}
