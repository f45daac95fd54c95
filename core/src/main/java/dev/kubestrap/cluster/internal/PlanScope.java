package dev.kubestrap.cluster.internal;

import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import java.util.Optional;
import java.util.Set;

/**
 * What part of a cluster a plan covers: some hosts (all when empty), some components (all when empty), and
 * whether the cluster RBAC and add-on manifests come with it. Day-2 operations plan one host, or one component on
 * one host, at a time.
 */
public record PlanScope(Optional<Set<String>> hosts, Optional<Set<ComponentName>> components, boolean manifests) {

  public PlanScope {
    hosts = hosts.map(Set::copyOf);
    components = components.map(Set::copyOf);
  }

  /** The whole cluster, as {@code apply()} plans it. */
  public static PlanScope everything() {
    return new PlanScope(Optional.empty(), Optional.empty(), true);
  }

  /** Every component of {@code hosts}, without the manifests. */
  public static PlanScope hosts(Set<String> hosts) {
    return new PlanScope(Optional.of(hosts), Optional.empty(), false);
  }

  /** This scope narrowed to {@code components}. */
  public PlanScope components(Set<ComponentName> components) {
    return new PlanScope(hosts, Optional.of(components), manifests);
  }

  boolean includes(HostSpec host) {
    return hosts.map(names -> names.contains(host.name())).orElse(true);
  }

  boolean includes(ComponentName component) {
    return components.map(names -> names.contains(component)).orElse(true);
  }
}
