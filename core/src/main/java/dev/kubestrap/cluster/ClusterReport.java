package dev.kubestrap.cluster;

import dev.kubestrap.addons.AddonEvent;
import dev.kubestrap.apply.ApplyReport;
import dev.kubestrap.apply.HostReport;
import dev.kubestrap.plan.HostId;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Cluster#apply()} did: the host report of the executor (bytes, files sent and skipped, services
 * started and restarted, per host) and one event per RBAC or add-on object. An unchanged re-apply has
 * {@code bytesSent() == 0}, no restarts and every object {@code UNCHANGED}.
 *
 * @param hosts what was done on the hosts
 * @param objects what was done with the API objects of cluster RBAC and add-ons
 */
public record ClusterReport(ApplyReport hosts, List<AddonEvent> objects) {

  public ClusterReport {
    Objects.requireNonNull(hosts, "hosts");
    objects = List.copyOf(objects);
  }

  public long bytesSent() {
    return hosts.bytesSent();
  }

  public int filesSent() {
    return hosts.filesSent();
  }

  public int filesSkipped() {
    return hosts.filesSkipped();
  }

  /** Every restart, as {@code host/unit}. */
  public List<String> servicesRestarted() {
    return hosts.servicesRestarted();
  }

  /** The services restarted on one host. */
  public List<String> servicesRestarted(String host) {
    return hosts.host(HostId.of(host)).map(HostReport::servicesRestarted).orElse(List.of());
  }

  /** The objects created or changed. */
  public List<AddonEvent> objectsChanged() {
    return objects.stream().filter(e -> e.outcome() != AddonEvent.Outcome.UNCHANGED).toList();
  }

  @Override
  public String toString() {
    return hosts + "objects: " + objects.size() + " applied, " + objectsChanged().size() + " created or changed\n";
  }
}
