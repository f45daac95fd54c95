package dev.kubestrap.spec;

/** kube-proxy's data-plane mode. */
public enum ProxyMode {
  IPTABLES("iptables"),
  IPVS("ipvs"),
  NFTABLES("nftables");

  private final String configName;

  ProxyMode(String configName) {
    this.configName = configName;
  }

  /** The value of {@code KubeProxyConfiguration.mode}. */
  public String configName() {
    return configName;
  }
}
