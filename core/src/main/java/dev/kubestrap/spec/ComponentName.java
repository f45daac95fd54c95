package dev.kubestrap.spec;

import java.util.Arrays;

/** The seven components kubestrap installs, by their program names. */
public enum ComponentName {
  ETCD("etcd"),
  KUBE_APISERVER("kube-apiserver"),
  KUBE_CONTROLLER_MANAGER("kube-controller-manager"),
  KUBE_SCHEDULER("kube-scheduler"),
  KUBELET("kubelet"),
  KUBE_PROXY("kube-proxy"),
  CONTAINERD("containerd");

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
