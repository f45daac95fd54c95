package dev.kubestrap.component;

import dev.kubestrap.kubeconfig.Kubeconfig;
import dev.kubestrap.pki.CertificateAuthority;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.reference.FlagList;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.systemd.Dependencies;
import dev.kubestrap.systemd.Restart;
import dev.kubestrap.systemd.SystemdUnit;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared flag handling: kubestrap's defaults, the spec's overrides over them, then the list check. */
abstract class FlaggedComponent {

  final ClusterSpec spec;
  final Layout layout;

  FlaggedComponent(ClusterSpec spec) {
    this.spec = spec;
    this.layout = spec.layout();
  }

  abstract ComponentName component();

  /** kubestrap's flags for {@code host}, before overrides. */
  abstract Flags defaultFlags(HostSpec host);

  FlagList flagList() {
    return component() == ComponentName.ETCD
        ? FlagList.etcd(spec.etcdVersion().line())
        : FlagList.kubernetes(component().id(), spec.kubernetesMinor());
  }

  public Map<String, String> flags(HostSpec host) {
    return defaultFlags(host).setAll(spec.extraFlags(component())).checkedAgainst(flagList()).asMap();
  }

  public List<String> command(HostSpec host) {
    List<String> argv = new ArrayList<>();
    argv.add(binary().toString());
    flags(host).forEach((flag, value) -> argv.add(flag + "=" + value));
    return List.copyOf(argv);
  }

  /** The component's main executable, {@code /opt/<component>/<component>}. */
  Path binary() {
    return layout.file(component(), component().id());
  }

  public ComponentName name() {
    return component();
  }

  Path file(String name) {
    return layout.file(component(), name);
  }

  /** Fails unless {@code host} is a host of the spec that runs this component. */
  void requireRunsOn(HostSpec host, boolean runsOn) {
    if (!spec.hosts().contains(host)) {
      throw new ComponentException(component() + ": host is not part of the spec: " + host.name());
    }
    if (!runsOn) {
      throw new ComponentException(component() + " does not run on host '" + host.name() + "' with roles " + host.roles());
    }
  }

  /** A certificate (0644) and its private key (0600) in the component's home. */
  List<PlacedFile> certificateFiles(String certFileName, IssuedCertificate certificate) {
    return List.of(PlacedFile.publicFile(file(certFileName), certificate.certificatePem()),
        PlacedFile.secretFile(file(key(certFileName)), certificate.privateKeyPem()));
  }

  /** A CA certificate (0644) in the component's home. */
  PlacedFile caFile(String fileName, CertificateAuthority ca) {
    return PlacedFile.publicFile(file(fileName), ca.certificatePem());
  }

  /** A kubeconfig (0600: it embeds the private key) in the component's home. */
  PlacedFile kubeconfigFile(String fileName, URI server, CertificateAuthority ca, String user,
      IssuedCertificate certificate) {
    Kubeconfig kubeconfig = Kubeconfig.forClientCertificate(spec.kubeconfigClusterName(), server,
        ca.certificatePem(), user, certificate.certificatePem(), certificate.privateKeyPem(),
        spec.kubeconfigContextName());
    return PlacedFile.secretFile(file(fileName), kubeconfig.toYaml());
  }

  /** The apiserver on {@code host} itself, for control-plane components. */
  URI localApiServer(HostSpec host) {
    return URI.create(httpsUrl(host.address(), spec.apiServerPort()));
  }

  /**
   * The unit every Kubernetes component shares: {@code Restart=on-failure} after 5s, 65536 open files,
   * the given ordering, {@code ExecStart} = {@link #command(HostSpec)}.
   */
  SystemdUnit.ServiceBuilder unit(HostSpec host, String description, String documentation, Dependencies order) {
    return SystemdUnit.service(component().id() + ".service")
        .description(description)
        .documentation(documentation)
        .dependsOn(order)
        .execStart(command(host))
        .restart(Restart.ON_FAILURE)
        .restartSec(Duration.ofSeconds(5))
        .limitNofile(65536);
  }

  /** The component's main binary from the Kubernetes release. */
  RequiredBinary kubernetesBinary() {
    return new RequiredBinary(component().id(), spec.kubernetesVersion().toString(), component().id(), binary());
  }

  /** The component's home directory, 0755. */
  PlacedDirectory homeDirectory() {
    return new PlacedDirectory(layout.home(component()), 0755);
  }

  /** Puts the parts together; the unit goes to the layout's unit directory. */
  ComponentInstall assemble(HostSpec host, List<PlacedDirectory> directories, List<PlacedFile> files,
      List<RequiredBinary> binaries, SystemdUnit unit, HealthCheck healthCheck) {
    return new ComponentInstall(component(), host, directories, files, binaries, unit, layout.unitFile(component()),
        healthCheck);
  }

  /**
   * A component from the Kubernetes release put together: {@code directories} (its home first), its one binary,
   * the shared unit with the component's reference page as documentation, and {@code healthCheck}.
   */
  ComponentInstall assembleKubernetes(HostSpec host, List<PlacedDirectory> directories, List<PlacedFile> files,
      String description, Dependencies order, HealthCheck healthCheck) {
    String documentation = "https://kubernetes.io/docs/reference/command-line-tools-reference/" + component().id() + "/";
    return assemble(host, directories, files, List.of(kubernetesBinary()),
        unit(host, description, documentation, order).build(), healthCheck);
  }

  /** {@code <scheme>://127.0.0.1:<port>/healthz}, where the Kubernetes components serve their health. */
  static URI loopbackHealthz(String scheme, int port) {
    return URI.create(scheme + "://127.0.0.1:" + port + "/healthz");
  }

  static String key(String certFileName) {
    return certFileName.replaceFirst("\\.pem$", "-key.pem");
  }

  static String httpsUrl(java.net.InetAddress address, int port) {
    return "https://" + ClusterSpec.hostPort(address, port);
  }
}
