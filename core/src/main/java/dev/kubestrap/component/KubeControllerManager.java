package dev.kubestrap.component;

import java.util.List;
import dev.kubestrap.systemd.Dependencies;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.Role;

/**
 * kube-controller-manager on each control-plane host: allocates node pod CIDRs from the cluster CIDR, signs
 * kubelet CSRs with the cluster CA (whose key therefore lives on control-plane hosts only), signs
 * service-account tokens' root, uses per-controller service-account credentials, serves on loopback.
 */
public final class KubeControllerManager extends FlaggedComponent implements Component {

  public static final String CA = "ca.pem";
  public static final String CA_KEY = "ca-key.pem";
  public static final String FRONT_PROXY_CA = "front-proxy-ca.pem";
  public static final String SERVICE_ACCOUNT_PRIVATE = "service-account-key.pem";
  public static final String KUBECONFIG = "kube-controller-manager.kubeconfig";
  /** The secure port kube-controller-manager serves health on. */
  public static final int SECURE_PORT = 10257;

  public KubeControllerManager(ClusterSpec spec) {
    super(spec);
  }

  @Override
  ComponentName component() {
    return ComponentName.KUBE_CONTROLLER_MANAGER;
  }

  @Override
  public boolean runsOn(HostSpec host) {
    return host.has(Role.CONTROL_PLANE);
  }

  @Override
  Flags defaultFlags(HostSpec host) {
    return new Flags()
        .set("--bind-address", "127.0.0.1")
        .set("--kubeconfig", file(KUBECONFIG))
        .set("--authentication-kubeconfig", file(KUBECONFIG))
        .set("--authorization-kubeconfig", file(KUBECONFIG))
        .set("--client-ca-file", file(CA))
        .set("--requestheader-client-ca-file", file(FRONT_PROXY_CA))
        .set("--cluster-name", spec.name())
        .set("--allocate-node-cidrs", true)
        .set("--cluster-cidr", spec.clusterCidr())
        .set("--service-cluster-ip-range", spec.serviceCidr())
        .set("--cluster-signing-cert-file", file(CA))
        .set("--cluster-signing-key-file", file(CA_KEY))
        .set("--root-ca-file", file(CA))
        .set("--service-account-private-key-file", file(SERVICE_ACCOUNT_PRIVATE))
        .set("--use-service-account-credentials", true)
        .set("--leader-elect", true)
        .set("--profiling", false)
        .set("--v", 2);
  }

  /** {@code GET https://127.0.0.1:10257/healthz}; the server certificate is self-signed, so not verified. */
  public HealthCheck healthCheck() {
    return HealthCheck.insecureHttps(loopbackHealthz("https", SECURE_PORT));
  }

  @Override
  public ComponentInstall install(HostSpec host, ClusterSecrets secrets) {
    requireRunsOn(host, runsOn(host));
    ClusterCertificates pki = secrets.certificates();
    List<PlacedFile> files = List.of(
        caFile(CA, pki.ca()),
        PlacedFile.secretFile(file(CA_KEY), pki.ca().privateKeyPem()),
        caFile(FRONT_PROXY_CA, pki.frontProxyCa()),
        PlacedFile.secretFile(file(SERVICE_ACCOUNT_PRIVATE), pki.serviceAccountPrivateKeyPem()),
        kubeconfigFile(KUBECONFIG, localApiServer(host), pki.ca(), "system:kube-controller-manager",
            pki.controllerManager()));
    return assembleKubernetes(host, List.of(homeDirectory()), files, "Kubernetes Controller Manager", Dependencies.onNetworkOnline(), healthCheck());
  }
}
