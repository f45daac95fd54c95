package dev.kubestrap.addons;

/** Receives an {@link AddonEvent} for every object {@link AddonApplier} handles, in apply order. */
@FunctionalInterface
public interface AddonListener {
  /** A listener that ignores every event. */
  AddonListener NONE = event -> { };

  void onEvent(AddonEvent event);
}
