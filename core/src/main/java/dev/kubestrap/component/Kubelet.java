package dev.kubestrap.component;

import java.util.ArrayList;
import dev.kubestrap.systemd.Dependencies;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.component.config.ConfigFiles;
import dev.kubestrap.component.config.KubeletConfiguration;
import dev.kubestrap.component.config.KubeletConfiguration.Authentication;
import dev.kubestrap.component.config.KubeletConfiguration.Authorization;
import dev.kubestrap.component.config.KubeletConfiguration.Enabled;
import dev.kubestrap.component.config.KubeletConfiguration.X509;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.SwapPolicy;
import java.util.List;

/**
 * The kubelet on each node (workers, and control-plane hosts registered with the control-plane taint): x509 and webhook authentication (anonymous off), Webhook authorization, its
 * own serving certificate, the systemd cgroup driver, containerd's socket under {@code /run}. Everything
 * the seed passed as deprecated flags lives in {@code KubeletConfiguration}; the command line carries only
 * {@code --config}, {@code --kubeconfig}, {@code --hostname-override} and {@code --node-ip}.
 */
public final class Kubelet extends FlaggedComponent implements Component {

  public static final String CA = "ca.pem";
  public static final String KUBECONFIG = "kubelet.kubeconfig";
  public static final String CONFIG = "kubelet-config.yaml";
  /** The kubelet's local health port. */
  public static final int HEALTHZ_PORT = 10248;

  public Kubelet(ClusterSpec spec) {
    super(spec);
  }

  @Override
  ComponentName component() {
    return ComponentName.KUBELET;
  }

  @Override
  public boolean runsOn(HostSpec host) {
    return spec.isNode(host);
  }

  /** The node's serving certificate file, {@code kubelet-server-<node>.pem}. */
  public static String servingCert(HostSpec node) {
    return "kubelet-server-" + node.name() + ".pem";
  }

  @Override
  Flags defaultFlags(HostSpec host) {
    return new Flags()
        .set("--config", file(CONFIG))
        .set("--kubeconfig", file(KUBECONFIG))
        .set("--hostname-override", host.name())
        .set("--node-ip", host.ip());
  }

  /** The node's {@code KubeletConfiguration}. */
  public KubeletConfiguration configuration(HostSpec host) {
    return new KubeletConfiguration(KubeletConfiguration.API_VERSION, KubeletConfiguration.KIND,
        new Authentication(new Enabled(false), new Enabled(true), new X509(file(CA).toString())),
        new Authorization("Webhook"),
        "systemd",
        spec.allowCgroupV1() ? Boolean.FALSE : null,
        spec.swap() == SwapPolicy.KEEP ? Boolean.FALSE : null,
        spec.swap() == SwapPolicy.KEEP ? new KubeletConfiguration.MemorySwap("NoSwap") : null,
        List.of(spec.dnsServiceIp().getHostAddress()),
        spec.dnsDomain(),
        "unix://" + layout.containerdSocket(),
        "127.0.0.1",
        HEALTHZ_PORT,
        spec.isTaintedControlPlane(host)
            ? List.of(new KubeletConfiguration.Taint(ClusterSpec.CONTROL_PLANE_TAINT, "NoSchedule")) : null,
        spec.kubeletResolvConf(host),
        // renews its client certificate through a CSR that kube-controller-manager approves (ClusterRbac); its
        // serving certificate stays kubestrap's, since kubelet-serving CSRs are approved by no built-in controller
        Boolean.TRUE,
        "15m",
        file(servingCert(host)).toString(),
        file(key(servingCert(host))).toString());
  }

  /** {@code kubelet-config.yaml}. */
  public PlacedFile configFile(HostSpec host) {
    return new PlacedFile(file(CONFIG), ConfigFiles.yaml(configuration(host)), PlacedFile.PUBLIC);
  }

  /** {@code GET http://127.0.0.1:10248/healthz}. */
  public HealthCheck healthCheck() {
    return HealthCheck.http(loopbackHealthz("http", HEALTHZ_PORT));
  }

  @Override
  public ComponentInstall install(HostSpec host, ClusterSecrets secrets) {
    requireRunsOn(host, runsOn(host));
    ClusterCertificates pki = secrets.certificates();
    List<PlacedFile> files = new ArrayList<>();
    files.add(caFile(CA, pki.ca()));
    files.add(kubeconfigFile(KUBECONFIG, spec.apiEndpointUrl(), pki.ca(), "system:node:" + host.name(),
        pki.kubeletClient(host.name())));
    files.addAll(certificateFiles(servingCert(host), pki.kubeletServer(host.name())));
    files.add(configFile(host));
    return assembleKubernetes(host, List.of(homeDirectory()), files, "Kubernetes Kubelet", Dependencies.onNetworkOnline().and(Dependencies.onContainerd()), healthCheck());
  }
}
