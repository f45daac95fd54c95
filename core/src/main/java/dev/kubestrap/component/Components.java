package dev.kubestrap.component;

import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import java.util.List;

/**
 * The components of a spec, in start order: etcd, control plane, then node components (the node-local load balancer
 * first, so the kubelet finds the API through it).
 */
public final class Components {

  private Components() {}

  /** Every component, bound to {@code spec}, in start order. */
  public static List<Component> of(ClusterSpec spec) {
    return List.of(new Etcd(spec), new KubeApiServer(spec), new KubeControllerManager(spec),
        new KubeScheduler(spec), new ApiServerLoadBalancer(spec), new Containerd(spec), new Kubelet(spec), new KubeProxy(spec));
  }

  /** What every component that runs on {@code host} needs there, in start order. */
  public static List<ComponentInstall> install(ClusterSpec spec, HostSpec host, ClusterSecrets secrets) {
    return on(spec, host).stream().map(c -> c.install(host, secrets)).toList();
  }

  /** The components that run on {@code host}, in start order. */
  public static List<Component> on(ClusterSpec spec, HostSpec host) {
    return of(spec).stream().filter(c -> c.runsOn(host)).toList();
  }
}
