package dev.kubestrap.addons;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * A cluster add-on: a named set of typed Kubernetes objects that {@link AddonApplier} applies.
 *
 * <p>Implementations are immutable; {@link #objects()} returns fresh objects on every call, so a
 * caller may modify what it receives without affecting the add-on.
 */
public interface Addon {

  /** A short name used in events and error messages, for example {@code "flannel"}. */
  String name();

  /** The objects of this add-on, in the order they appear upstream; the applier reorders them. */
  List<HasMetadata> objects();
}
