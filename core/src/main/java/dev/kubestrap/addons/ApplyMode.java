package dev.kubestrap.addons;

/** How {@link AddonApplier} writes objects; {@link #SERVER_SIDE} is the default. */
public enum ApplyMode {
  /**
   * Server-side apply with kubestrap's field manager, forcing conflicts: the API server merges
   * and records field ownership, and an unchanged object keeps its resourceVersion.
   */
  SERVER_SIDE,
  /**
   * Create when missing; when present, replace it only if some desired field differs from the live
   * object. Meant for API servers without server-side apply, such as fabric8's CRUD mock server; a
   * replace drops fields other managers set, so prefer {@link #SERVER_SIDE} on real clusters.
   */
  CREATE_OR_UPDATE
}
