package dev.kubestrap.component;

import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import java.util.List;
import java.util.Map;

/**
 * One of the components, bound to a cluster spec: what it runs on a host and with which flags.
 * Flags come from the official, non-deprecated lists of the spec's Kubernetes minor (or etcd line), with
 * the spec's overrides merged over kubestrap's defaults.
 */
public sealed interface Component
    permits Etcd, KubeApiServer, KubeControllerManager, KubeScheduler, Kubelet, KubeProxy, Containerd,
    ApiServerLoadBalancer {

  /** Which component this is. */
  ComponentName name();

  /** Whether the component runs on {@code host} (by its roles). */
  boolean runsOn(HostSpec host);

  /** The flags for {@code host}, keyed by flag with leading dashes, in emission order. */
  Map<String, String> flags(HostSpec host);

  /** The unit's {@code ExecStart} as an argument list: the binary, then {@code --flag=value} arguments. */
  List<String> command(HostSpec host);

  /**
   * Everything the component needs on {@code host}: directories, files (certificates from
   * {@code secrets}, kubeconfigs, config files), binaries, unit and health check.
   *
   * @throws ComponentException if the component does not run on {@code host}
   */
  ComponentInstall install(HostSpec host, ClusterSecrets secrets);
}
