package dev.kubestrap.spec;

import java.util.Arrays;

/** The components kubestrap installs, by their unit names. */
public enum ComponentName {
  ETCD("etcd"),
  KUBE_APISERVER("kube-apiserver"),
  KUBE_CONTROLLER_MANAGER("kube-controller-manager"),
  KUBE_SCHEDULER("kube-scheduler"),
  KUBELET("kubelet"),
  KUBE_PROXY("kube-proxy"),
  CONTAINERD("containerd"),
  /** The node-local load balancer in front of every kube-apiserver (haproxy), with {@code ApiEndpoint.nodeLocal()}. */
  KUBE_APISERVER_LB("kube-apiserver-lb");

  private final String id;

  ComponentName(String id) {
    this.id = id;
  }

  /** The program name, e.g. {@code kube-apiserver}; also the unit and install directory name. */
  public String id() {
    return id;
  }

  /** The component whose program name is {@code id}. */
  public static ComponentName fromId(String id) {
    return Arrays.stream(values())
        .filter(c -> c.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new InvalidSpecException("unknown component: '" + id + "'"));
  }

  @Override
  public String toString() {
    return id;
  }
}
