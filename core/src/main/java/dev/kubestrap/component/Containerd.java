package dev.kubestrap.component;

import dev.kubestrap.systemd.ServicePresets;
import dev.kubestrap.component.config.ConfigFiles;
import dev.kubestrap.component.config.ContainerdConfig;
import dev.kubestrap.component.config.CrictlConfig;
import dev.kubestrap.images.RegistryMirror;
import dev.kubestrap.reference.ImageList;
import dev.kubestrap.systemd.DropIn;
import java.nio.charset.StandardCharsets;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * containerd with runc, the CNI plugins and crictl on each node (workers, and control-plane hosts unless
 * {@link ClusterSpec#controlPlaneNodes()} is off). Its config is version 2 for containerd
 * 1.6/1.7 and version 3 for 2.x, with no {@code imports}, the systemd cgroup driver, an absolute runc path,
 * the pause image of the Kubernetes minor, CNI directories from the layout, persistent state in
 * {@code /opt/containerd/data} and runtime state and the socket under {@code /run/containerd}.
 */
public final class Containerd implements Component {

  public static final String CONFIG = "containerd-config.toml";
  private static final String UNIT = "containerd.service";
  /** The CNI plugins installed into the CNI bin directory. */
  public static final List<String> CNI_PLUGINS =
      List.of("bandwidth", "bridge", "firewall", "host-local", "loopback", "portmap", "tuning");

  private final ClusterSpec spec;
  private final Layout layout;

  public Containerd(ClusterSpec spec) {
    this.spec = spec;
    this.layout = spec.layout();
  }

  @Override
  public ComponentName name() {
    return ComponentName.CONTAINERD;
  }

  @Override
  public boolean runsOn(HostSpec host) {
    return spec.isNode(host);
  }

  /** containerd takes its settings from its config file; it has no flag list and no flag overrides. */
  @Override
  public Map<String, String> flags(HostSpec host) {
    return Map.of();
  }

  @Override
  public List<String> command(HostSpec host) {
    return List.of(binary("containerd").toString(), "--config", file(CONFIG).toString());
  }

  /** A file in {@code /opt/containerd}. */
  public Path file(String name) {
    return layout.file(ComponentName.CONTAINERD, name);
  }

  private Path binary(String name) {
    return file(name);
  }

  /** containerd's command-line client, {@code /opt/containerd/ctr}. */
  public Path ctr() {
    return binary("ctr");
  }

  /** The config version the spec's containerd reads: 2 for 1.6/1.7, 3 for 2.x. */
  public int configVersion() {
    return spec.containerdVersion().major() >= 2 ? 3 : 2;
  }

  /** containerd's configuration. */
  public ContainerdConfig configuration() {
    return new ContainerdConfig(configVersion(),
        layout.dataDir(ComponentName.CONTAINERD).toString(),
        layout.containerdState().toString(),
        layout.containerdSocket().toString(),
        binary("runc").toString(),
        ImageList.load().pauseImage(spec.kubernetesMinor()),
        layout.cniBinDir().toString(),
        layout.cniConfDir().toString(),
        spec.containerdVersion().atLeast(2, 1),
        spec.containerHosts(),
        spec.registryMirrors().isEmpty() ? "" : registryConfigDir().toString());
  }

  /** Where the per-registry {@code hosts.toml} files go: {@code /opt/containerd/certs.d}. */
  public Path registryConfigDir() {
    return file("certs.d");
  }

  /**
   * One {@code certs.d/<registry>/hosts.toml} per registry mirror of the spec, and beside it {@code ca.crt} when
   * the mirror has a CA of its own.
   */
  public List<PlacedFile> registryFiles() {
    List<PlacedFile> files = new ArrayList<>();
    for (RegistryMirror mirror : spec.registryMirrors()) {
      Path dir = registryConfigDir().resolve(mirror.directoryName());
      java.util.Optional<Path> ca = mirror.caPem().map(pem -> dir.resolve("ca.crt"));
      ca.ifPresent(file -> files.add(new PlacedFile(file,
          mirror.caPem().orElseThrow().getBytes(StandardCharsets.US_ASCII), PlacedFile.PUBLIC)));
      files.add(new PlacedFile(dir.resolve("hosts.toml"),
          mirror.hostsToml(ca.map(Path::toString)).getBytes(StandardCharsets.UTF_8), PlacedFile.PUBLIC));
    }
    return List.copyOf(files);
  }

  /** The directories of {@link #registryFiles()}: {@code certs.d} and one per registry. */
  private List<PlacedDirectory> registryDirectories() {
    if (spec.registryMirrors().isEmpty()) {
      return List.of();
    }
    List<PlacedDirectory> dirs = new ArrayList<>(List.of(new PlacedDirectory(registryConfigDir(), 0755)));
    spec.registryMirrors().forEach(mirror ->
        dirs.add(new PlacedDirectory(registryConfigDir().resolve(mirror.directoryName()), 0755)));
    return dirs;
  }

  /**
   * The drop-in {@code containerd.service.d/10-http-proxy.conf} that sends containerd's pulls through the spec's
   * proxy, with a {@code NO_PROXY} covering the cluster ({@link ClusterSpec#clusterNoProxy()}); none without one.
   */
  public java.util.Optional<PlacedFile> proxyDropIn() {
    return spec.httpProxy().map(proxy -> {
      DropIn.Builder dropIn = DropIn.forUnit(UNIT).named("10-http-proxy");
      proxy.environment(spec.clusterNoProxy()).forEach(dropIn::environment);
      DropIn built = dropIn.build();
      return new PlacedFile(layout.unitDir().resolve(built.path()),
          built.render().getBytes(StandardCharsets.UTF_8), PlacedFile.PUBLIC);
    });
  }

  /** {@code /opt/containerd/containerd-config.toml}. */
  public PlacedFile configFile() {
    return new PlacedFile(file(CONFIG), configuration().render(), PlacedFile.PUBLIC);
  }

  /** {@code /etc/crictl.yaml}, pointing crictl at containerd's socket. */
  public PlacedFile crictlConfigFile() {
    String endpoint = "unix://" + layout.containerdSocket();
    return new PlacedFile(layout.crictlConfig(), ConfigFiles.yaml(new CrictlConfig(endpoint, endpoint, 10, false)),
        PlacedFile.PUBLIC);
  }

  /** Directories: the install dir, containerd's root (0711), the CNI directories. */
  public List<PlacedDirectory> directories() {
    List<PlacedDirectory> dirs = new ArrayList<>(List.of(
        new PlacedDirectory(layout.home(ComponentName.CONTAINERD), 0755),
        new PlacedDirectory(layout.dataDir(ComponentName.CONTAINERD), 0711),
        new PlacedDirectory(layout.cniBinDir(), 0755),
        new PlacedDirectory(layout.cniConfDir(), 0755)));
    dirs.addAll(registryDirectories());
    spec.httpProxy().ifPresent(proxy ->
        dirs.add(new PlacedDirectory(layout.unitDir().resolve(UNIT + ".d"), 0755)));
    return List.copyOf(dirs);
  }

  /** containerd, its runc shim and ctr; runc; crictl; the CNI plugins. */
  public List<RequiredBinary> binaries() {
    List<RequiredBinary> binaries = new ArrayList<>();
    String version = spec.containerdVersion().toString();
    for (String name : List.of("containerd", "containerd-shim-runc-v2", "ctr")) {
      binaries.add(new RequiredBinary("containerd", version, name, binary(name)));
    }
    binaries.add(new RequiredBinary("runc", spec.runcVersion().toString(), "runc", binary("runc")));
    binaries.add(new RequiredBinary("crictl", spec.crictlVersion().toString(), "crictl", binary("crictl")));
    for (String plugin : CNI_PLUGINS) {
      binaries.add(new RequiredBinary("cni-plugins", spec.cniPluginsVersion().toString(), plugin,
          layout.cniBinDir().resolve(plugin)));
    }
    return List.copyOf(binaries);
  }

  /**
   * {@code crictl info} against the socket: answers only when containerd serves the CRI, which is what the kubelet
   * needs ({@code ctr version} would pass while the CRI plugin is still loading, or failed to).
   */
  public HealthCheck healthCheck() {
    return new HealthCheck.Command(List.of(binary("crictl").toString(), "--runtime-endpoint",
        "unix://" + layout.containerdSocket(), "--timeout", "5s", "info"));
  }

  /**
   * The unit: kubestrap's containerd preset (notify, always restarted, delegated cgroups), with
   * {@code /opt/containerd} first on {@code PATH} so containerd finds its runc shim there.
   */
  public dev.kubestrap.systemd.SystemdUnit unit(HostSpec host) {
    List<String> argv = command(host);
    return ServicePresets.containerd(argv.get(0), argv.subList(1, argv.size()))
        .environment("PATH", layout.home(ComponentName.CONTAINERD) + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .build();
  }

  @Override
  public ComponentInstall install(HostSpec host, ClusterSecrets secrets) {
    if (!spec.hosts().contains(host) || !runsOn(host)) {
      throw new ComponentException("containerd does not run on host '" + host.name() + "' with roles " + host.roles());
    }
    List<PlacedFile> files = new ArrayList<>(List.of(configFile(), crictlConfigFile()));
    files.addAll(registryFiles());
    proxyDropIn().ifPresent(files::add);
    return new ComponentInstall(ComponentName.CONTAINERD, host, directories(), files,
        binaries(), unit(host), layout.unitFile(ComponentName.CONTAINERD), healthCheck());
  }
}
