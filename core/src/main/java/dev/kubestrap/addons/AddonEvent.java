package dev.kubestrap.addons;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Locale;

/**
 * One object handled by {@link AddonApplier}: which add-on, which object and what happened.
 *
 * @param addon the add-on's {@link Addon#name()}
 * @param kind the object's kind, e.g. {@code DaemonSet}
 * @param namespace the namespace, or {@code null} for a cluster-scoped object
 * @param name the object's name
 * @param outcome what the apply did
 */
public record AddonEvent(String addon, String kind, String namespace, String name, Outcome outcome) {

  /** What applying one object did. */
  public enum Outcome {
    /** The object did not exist and was created. */
    CREATED,
    /** The object existed and was changed. */
    UPDATED,
    /** The object existed and already had the desired content. */
    UNCHANGED
  }

  static AddonEvent of(String addon, HasMetadata object, Outcome outcome) {
    return new AddonEvent(addon, object.getKind(), object.getMetadata().getNamespace(),
        object.getMetadata().getName(), outcome);
  }

  /** {@code Kind/namespace/name}, or {@code Kind/name} for cluster-scoped objects. */
  public String object() {
    return objectName(kind, namespace, name);
  }

  static String objectName(HasMetadata object) {
    return objectName(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  private static String objectName(String kind, String namespace, String name) {
    return kind + "/" + (namespace == null ? "" : namespace + "/") + name;
  }

  @Override
  public String toString() {
    return addon + ": " + object() + " " + outcome.name().toLowerCase(Locale.ROOT);
  }
}
