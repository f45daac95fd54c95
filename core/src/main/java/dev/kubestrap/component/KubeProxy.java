package dev.kubestrap.component;

import java.util.List;
import dev.kubestrap.systemd.Dependencies;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.component.config.ClientConnection;
import dev.kubestrap.component.config.ConfigFiles;
import dev.kubestrap.component.config.KubeProxyConfiguration;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;

/**
 * kube-proxy on each node (workers and control-plane nodes), configured by {@code KubeProxyConfiguration} v1alpha1 whose
 * {@code clusterCIDR} is the spec's cluster CIDR (the seed hard-coded a different one).
 */
public final class KubeProxy extends FlaggedComponent implements Component {

  public static final String KUBECONFIG = "kube-proxy.kubeconfig";
  public static final String CONFIG = "kube-proxy-config.yaml";
  /** kube-proxy's health port. */
  public static final int HEALTHZ_PORT = 10256;

  public KubeProxy(ClusterSpec spec) {
    super(spec);
  }

  @Override
  ComponentName component() {
    return ComponentName.KUBE_PROXY;
  }

  @Override
  public boolean runsOn(HostSpec host) {
    return spec.isNode(host);
  }

  @Override
  Flags defaultFlags(HostSpec host) {
    return new Flags().set("--config", file(CONFIG));
  }

  /** The node's {@code KubeProxyConfiguration}. */
  public KubeProxyConfiguration configuration(HostSpec host) {
    return new KubeProxyConfiguration(KubeProxyConfiguration.API_VERSION, KubeProxyConfiguration.KIND,
        new ClientConnection(file(KUBECONFIG).toString()),
        spec.clusterCidr().toString(),
        spec.containerHosts() ? new KubeProxyConfiguration.Conntrack(0) : null,
        host.name(),
        spec.proxyMode().configName());
  }

  /** {@code kube-proxy-config.yaml}. */
  public PlacedFile configFile(HostSpec host) {
    return new PlacedFile(file(CONFIG), ConfigFiles.yaml(configuration(host)), PlacedFile.PUBLIC);
  }

  /** {@code GET http://127.0.0.1:10256/healthz}. */
  public HealthCheck healthCheck() {
    return HealthCheck.http(loopbackHealthz("http", HEALTHZ_PORT));
  }

  @Override
  public ComponentInstall install(HostSpec host, ClusterSecrets secrets) {
    requireRunsOn(host, runsOn(host));
    ClusterCertificates pki = secrets.certificates();
    List<PlacedFile> files = List.of(
        kubeconfigFile(KUBECONFIG, spec.apiEndpointUrl(), pki.ca(), "system:kube-proxy", pki.kubeProxy()),
        configFile(host));
    return assembleKubernetes(host, List.of(homeDirectory()), files, "Kubernetes Kube Proxy", Dependencies.onNetworkOnline(), healthCheck());
  }
}
