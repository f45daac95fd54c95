package dev.kubestrap.addons;

import dev.kubestrap.addons.AddonEvent.Outcome;
import dev.kubestrap.addons.internal.ApplyOrder;
import dev.kubestrap.addons.internal.LiveState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies add-ons to a cluster through a fabric8 {@link KubernetesClient}.
 *
 * <p>The objects of all add-ons given to one {@link #apply} call are applied in {@linkplain
 * ApplyOrder dependency order}: namespaces, service accounts, RBAC, ConfigMaps and Services before
 * workloads. Every object produces an {@link AddonEvent} (created, updated or unchanged) for the
 * listener and in the returned list. Applying the same add-ons again changes nothing and reports
 * every object as unchanged.
 *
 * <p>Defaults: {@link ApplyMode#SERVER_SIDE} with field manager {@value #DEFAULT_FIELD_MANAGER},
 * forcing conflicts (kubestrap owns the fields it sets); listener {@link AddonListener#NONE}. The
 * applier does not close the client it was given.
 */
public final class AddonApplier {
  public static final String DEFAULT_FIELD_MANAGER = "kubestrap";

  private final KubernetesClient client;
  private final ApplyMode mode;
  private final String fieldManager;
  private final AddonListener listener;

  private AddonApplier(Builder builder) {
    this.client = builder.client;
    this.mode = builder.mode;
    this.fieldManager = builder.fieldManager;
    this.listener = builder.listener;
  }

  public static Builder builder(KubernetesClient client) {
    return new Builder(client);
  }

  public ApplyMode mode() {
    return mode;
  }

  public String fieldManager() {
    return fieldManager;
  }

  /** Applies the objects of {@code addons}; see {@link #apply(List)}. */
  public List<AddonEvent> apply(Addon... addons) {
    return apply(List.of(addons));
  }

  /**
   * Applies the objects of {@code addons} in dependency order and returns one event per object.
   *
   * @throws AddonApplyException at the first object the API server refuses; the objects before it
   *     stay applied, and a later call continues from where this one stopped
   */
  public List<AddonEvent> apply(List<? extends Addon> addons) {
    record Pending(String addon, HasMetadata object) {}
    List<Pending> pending = new ArrayList<>();
    for (Addon addon : addons) {
      for (HasMetadata object : addon.objects()) {
        pending.add(new Pending(addon.name(), object));
      }
    }
    pending.sort((a, b) -> ApplyOrder.COMPARATOR.compare(a.object(), b.object()));
    List<AddonEvent> events = new ArrayList<>(pending.size());
    for (Pending p : pending) {
      AddonEvent event = AddonEvent.of(p.addon(), p.object(), applyOne(p.addon(), p.object()));
      events.add(event);
      listener.onEvent(event);
    }
    return List.copyOf(events);
  }

  private Outcome applyOne(String addon, HasMetadata desired) {
    try {
      Resource<HasMetadata> resource = client.resource(desired);
      HasMetadata live = resource.get();
      return mode == ApplyMode.SERVER_SIDE ? serverSideApply(resource, live) : createOrUpdate(resource, live, desired);
    } catch (KubernetesClientException e) {
      throw new AddonApplyException(addon, AddonEvent.objectName(desired), reason(e), e);
    }
  }

  private Outcome serverSideApply(Resource<HasMetadata> resource, HasMetadata live) {
    HasMetadata applied = resource.fieldManager(fieldManager).forceConflicts().serverSideApply();
    if (live == null) {
      return Outcome.CREATED;
    }
    // A server-side apply that changes nothing leaves the resourceVersion as it was.
    return Objects.equals(live.getMetadata().getResourceVersion(), applied.getMetadata().getResourceVersion())
        ? Outcome.UNCHANGED
        : Outcome.UPDATED;
  }

  private Outcome createOrUpdate(Resource<HasMetadata> resource, HasMetadata live, HasMetadata desired) {
    if (live == null) {
      resource.createOr(NonDeletingOperation::update);
      return Outcome.CREATED;
    }
    if (LiveState.contains(tree(live), tree(desired))) {
      return Outcome.UNCHANGED;
    }
    resource.update();
    return Outcome.UPDATED;
  }

  private Object tree(HasMetadata object) {
    return client.getKubernetesSerialization().convertValue(object, Map.class);
  }

  private static String reason(KubernetesClientException e) {
    String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    return e.getCode() > 0 ? "HTTP " + e.getCode() + ": " + message : message;
  }

  @Override
  public String toString() {
    return "AddonApplier{mode=" + mode + ", fieldManager=" + fieldManager + "}";
  }

  /** Builds an {@link AddonApplier} for one client. */
  public static final class Builder {
    private final KubernetesClient client;
    private ApplyMode mode = ApplyMode.SERVER_SIDE;
    private String fieldManager = DEFAULT_FIELD_MANAGER;
    private AddonListener listener = AddonListener.NONE;

    private Builder(KubernetesClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** How objects are written. Default {@link ApplyMode#SERVER_SIDE}. */
    public Builder mode(ApplyMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The server-side apply field manager. Default {@value #DEFAULT_FIELD_MANAGER}. */
    public Builder fieldManager(String fieldManager) {
      this.fieldManager = fieldManager;
      return this;
    }

    /** Receives one event per object. Default {@link AddonListener#NONE}. */
    public Builder listener(AddonListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public AddonApplier build() {
      if (fieldManager == null || fieldManager.isBlank() || fieldManager.length() > 128) {
        throw new IllegalArgumentException("fieldManager must be 1 to 128 characters: '" + fieldManager + "'");
      }
      return new AddonApplier(this);
    }
  }
}
