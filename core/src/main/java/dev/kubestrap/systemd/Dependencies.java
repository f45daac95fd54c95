package dev.kubestrap.systemd;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Ordering and requirement edges between units ({@code After=}, {@code Wants=}, {@code Requires=}),
 * with presets for the edges a Kubernetes node needs. These fix the seed scripts' missing ordering
 * (bug B6): the API server started before etcd was ready and the kubelet before containerd.
 *
 * <p>Give them to {@link SystemdUnit.ServiceBuilder#dependsOn(Dependencies)}.
 */
public record Dependencies(List<String> after, List<String> wants, List<String> requires) {
  public Dependencies {
    after = List.copyOf(after);
    wants = List.copyOf(wants);
    requires = List.copyOf(requires);
    for (String unit : concat(concat(after, wants), requires)) {
      UnitNames.check("dependency", unit);
    }
  }

  /**
   * For a unit on the same host as etcd (the API server on a co-located control plane): start after
   * {@code etcd.service} and pull it in, without failing when etcd is restarted ({@code Wants=}, not
   * {@code Requires=}: the API server retries its etcd connections).
   */
  public static Dependencies onEtcd() {
    return new Dependencies(List.of("etcd.service"), List.of("etcd.service"), List.of());
  }

  /**
   * For the kubelet: start after {@code containerd.service} and require it, so the kubelet stops
   * when the runtime is stopped and never starts without it.
   */
  public static Dependencies onContainerd() {
    return new Dependencies(List.of("containerd.service"), List.of(), List.of("containerd.service"));
  }

  /** Start once the network is configured ({@code network-online.target}, pulled in with {@code Wants=}). */
  public static Dependencies onNetworkOnline() {
    return new Dependencies(List.of("network-online.target"), List.of("network-online.target"), List.of());
  }

  /** Both sets of edges, this one's first, without repeating a unit. */
  public Dependencies and(Dependencies other) {
    Objects.requireNonNull(other, "other");
    return new Dependencies(union(after, other.after), union(wants, other.wants), union(requires, other.requires));
  }

  private static List<String> union(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    b.stream().filter(unit -> !out.contains(unit)).forEach(out::add);
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
