package dev.kubestrap.component;

import java.util.List;
import dev.kubestrap.systemd.Dependencies;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.component.config.ClientConnection;
import dev.kubestrap.component.config.ConfigFiles;
import dev.kubestrap.component.config.KubeSchedulerConfiguration;
import dev.kubestrap.component.config.KubeSchedulerConfiguration.LeaderElection;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.Role;

/**
 * kube-scheduler on each control-plane host, configured by {@code KubeSchedulerConfiguration} v1 (the seed's
 * v1alpha1 is gone since 1.19), with leader election, serving on loopback.
 */
public final class KubeScheduler extends FlaggedComponent implements Component {

  public static final String KUBECONFIG = "kube-scheduler.kubeconfig";
  public static final String CONFIG = "kube-scheduler.yaml";
  /** The secure port kube-scheduler serves health on. */
  public static final int SECURE_PORT = 10259;

  public KubeScheduler(ClusterSpec spec) {
    super(spec);
  }

  @Override
  ComponentName component() {
    return ComponentName.KUBE_SCHEDULER;
  }

  @Override
  public boolean runsOn(HostSpec host) {
    return host.has(Role.CONTROL_PLANE);
  }

  @Override
  Flags defaultFlags(HostSpec host) {
    return new Flags()
        .set("--config", file(CONFIG))
        .set("--authentication-kubeconfig", file(KUBECONFIG))
        .set("--authorization-kubeconfig", file(KUBECONFIG))
        .set("--bind-address", "127.0.0.1")
        .set("--v", 2);
  }

  /** The scheduler's configuration. */
  public KubeSchedulerConfiguration configuration() {
    return new KubeSchedulerConfiguration(KubeSchedulerConfiguration.API_VERSION, KubeSchedulerConfiguration.KIND,
        new ClientConnection(file(KUBECONFIG).toString()), new LeaderElection(true));
  }

  /** {@code kube-scheduler.yaml}. */
  public PlacedFile configFile() {
    return new PlacedFile(file(CONFIG), ConfigFiles.yaml(configuration()), PlacedFile.PUBLIC);
  }

  /** {@code GET https://127.0.0.1:10259/healthz}; the server certificate is self-signed, so not verified. */
  public HealthCheck healthCheck() {
    return HealthCheck.insecureHttps(loopbackHealthz("https", SECURE_PORT));
  }

  @Override
  public ComponentInstall install(HostSpec host, ClusterSecrets secrets) {
    requireRunsOn(host, runsOn(host));
    ClusterCertificates pki = secrets.certificates();
    List<PlacedFile> files = List.of(
        kubeconfigFile(KUBECONFIG, localApiServer(host), pki.ca(), "system:kube-scheduler", pki.scheduler()),
        configFile());
    return assembleKubernetes(host, List.of(homeDirectory()), files, "Kubernetes Scheduler", Dependencies.onNetworkOnline(), healthCheck());
  }
}
