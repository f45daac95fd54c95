package dev.kubestrap.addons;

/** The flannel backends kubestrap configures; {@link #VXLAN} is the default. */
public enum FlannelBackend {
  /** Encapsulates pod traffic in VXLAN; works across routed networks. The default. */
  VXLAN("vxlan"),
  /** Routes pod subnets directly between hosts; needs the nodes on one layer-2 network. */
  HOST_GW("host-gw");

  private final String type;

  FlannelBackend(String type) {
    this.type = type;
  }

  /** The value of {@code Backend.Type} in flannel's {@code net-conf.json}. */
  public String type() {
    return type;
  }
}
