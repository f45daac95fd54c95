package dev.kubestrap.component;

import dev.kubestrap.spec.ApiEndpoint;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.systemd.CommandLine;
import dev.kubestrap.systemd.Dependencies;
import dev.kubestrap.systemd.Restart;
import dev.kubestrap.systemd.ServiceType;
import dev.kubestrap.systemd.SystemdUnit;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The node-local load balancer of {@link ApiEndpoint#nodeLocal()}: haproxy on every node, listening on
 * {@code 127.0.0.1:<port>} only and passing TCP through to every control-plane host's apiserver (TLS is not
 * terminated: clients verify the apiserver's own certificate, which names {@code 127.0.0.1}). An apiserver takes
 * connections while it answers {@code GET /readyz} over TLS verified with the cluster CA, checked every 2 s; two
 * failed checks take it out, two good ones put it back; a connection an apiserver refuses is retried on another.
 * Connections stay open up to an hour idle, for watches.
 *
 * <p>The program is the host's own {@value #HAPROXY} (the distribution's {@code haproxy} package, 2.4 or later):
 * kubestrap pins and ships Kubernetes' programs, not haproxy. The unit is kubestrap's own
 * ({@code kube-apiserver-lb.service}), so a haproxy the host runs for other purposes is left alone.
 */
public final class ApiServerLoadBalancer implements Component {
  /** Where the host's haproxy is expected. */
  public static final String HAPROXY = "/usr/sbin/haproxy";
  public static final String CONFIG = "haproxy.cfg";
  public static final String CA = "ca.pem";

  private final ClusterSpec spec;
  private final Layout layout;

  public ApiServerLoadBalancer(ClusterSpec spec) {
    this.spec = spec;
    this.layout = spec.layout();
  }

  @Override
  public ComponentName name() {
    return ComponentName.KUBE_APISERVER_LB;
  }

  /** Every node, when the spec's API endpoint is node-local. */
  @Override
  public boolean runsOn(HostSpec host) {
    return spec.apiEndpoint().isNodeLocal() && spec.isNode(host);
  }

  /** haproxy takes its settings from its config file; it has no flag list and no flag overrides. */
  @Override
  public Map<String, String> flags(HostSpec host) {
    return Map.of();
  }

  @Override
  public List<String> command(HostSpec host) {
    return List.of(HAPROXY, "-Ws", "-f", file(CONFIG).toString(), "-p", pidFile().toString());
  }

  /** A file in {@code /opt/kube-apiserver-lb}. */
  public Path file(String name) {
    return layout.file(ComponentName.KUBE_APISERVER_LB, name);
  }

  private Path pidFile() {
    return layout.runDir().resolve(ComponentName.KUBE_APISERVER_LB.id() + ".pid");
  }

  /** The haproxy configuration: one frontend on loopback, one backend with every control-plane host. */
  public String configuration() {
    StringBuilder text = new StringBuilder();
    text.append("# kubestrap: the node-local load balancer in front of every kube-apiserver\n")
        .append("global\n")
        .append("    maxconn 4096\n")
        .append("    log stdout format raw local0 notice\n")
        .append("\n")
        .append("defaults\n")
        .append("    mode tcp\n")
        .append("    log global\n")
        .append("    option dontlognull\n")
        // an apiserver that went away between two health checks refuses the connection: try another one
        .append("    option redispatch\n")
        .append("    retries 3\n")
        .append("    timeout connect 5s\n")
        .append("    timeout client 1h\n")
        .append("    timeout server 1h\n")
        .append("    timeout check 5s\n")
        .append("\n")
        .append("frontend kube-apiserver\n")
        .append("    bind 127.0.0.1:").append(spec.apiEndpoint().port()).append('\n')
        .append("    default_backend kube-apiservers\n")
        .append("\n")
        .append("backend kube-apiservers\n")
        .append("    option httpchk GET /readyz\n")
        .append("    http-check expect status 200\n")
        .append("    default-server check check-ssl verify required ca-file ").append(file(CA))
        .append(" inter 2s fall 2 rise 2\n");
    for (HostSpec controlPlane : spec.controlPlaneHosts()) {
      text.append("    server ").append(controlPlane.name()).append(' ')
          .append(ClusterSpec.hostPort(controlPlane.address(), spec.apiServerPort())).append('\n');
    }
    return text.toString();
  }

  /** {@code GET /readyz} through the load balancer, verified with the cluster CA: some apiserver answers. */
  public HealthCheck healthCheck() {
    return HealthCheck.https(URI.create(spec.apiEndpointUrl() + "/readyz"), file(CA));
  }

  /**
   * The unit: the configuration checked before each start and reload, haproxy in master-worker mode telling
   * systemd when it is ready, a reload that keeps established connections.
   */
  public SystemdUnit unit(HostSpec host) {
    List<String> check = List.of(HAPROXY, "-c", "-q", "-f", file(CONFIG).toString());
    return SystemdUnit.service(ComponentName.KUBE_APISERVER_LB.id() + ".service")
        .description("Node-local load balancer in front of every kube-apiserver (haproxy)")
        .documentation("https://docs.haproxy.org/")
        .dependsOn(Dependencies.onNetworkOnline())
        .type(ServiceType.NOTIFY)
        .execStartPre(check)
        .execStart(command(host))
        .restart(Restart.ALWAYS)
        .restartSec(Duration.ofSeconds(2))
        .directive("Service", "ExecReload", CommandLine.quote(check))
        .directive("Service", "ExecReload", "/bin/kill -USR2 $MAINPID")
        .build();
  }

  @Override
  public ComponentInstall install(HostSpec host, ClusterSecrets secrets) {
    if (!spec.hosts().contains(host) || !runsOn(host)) {
      throw new ComponentException(name() + " does not run on host '" + host.name() + "' with roles " + host.roles()
          + " and API endpoint " + spec.apiEndpoint());
    }
    List<PlacedFile> files = List.of(
        PlacedFile.publicFile(file(CA), secrets.certificates().ca().certificatePem()),
        PlacedFile.publicFile(file(CONFIG), configuration()));
    return new ComponentInstall(name(), host, List.of(new PlacedDirectory(layout.home(name()), 0755)), files,
        List.of(), unit(host), layout.unitFile(name()), healthCheck());
  }
}
