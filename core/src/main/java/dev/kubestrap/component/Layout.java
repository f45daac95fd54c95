package dev.kubestrap.component;

import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.InvalidSpecException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where components live on a host. Every path is absolute.
 *
 * <p>{@link #seed()} is the seed's layout: {@code /opt/<component>} holds a component's binary,
 * certificates, kubeconfig and config files, with {@code data/} (state, mode 0700 for etcd) and
 * {@code log/} below it; CNI plugins in {@code /opt/cni/bin}, CNI configs in {@code /etc/cni/net.d},
 * units in {@code /etc/systemd/system}, runtime sockets under {@code /run}, crictl's config at
 * {@code /etc/crictl.yaml}. {@link #rootedAt(Path)} moves every path below a directory, which is how tests
 * and dry runs write a host's tree to a temporary directory.
 */
public final class Layout {

  private final Path installRoot;
  private final Path cniBinDir;
  private final Path cniConfDir;
  private final Path unitDir;
  private final Path runDir;
  private final Path crictlConfig;

  private Layout(Builder b) {
    this.installRoot = absolute("installRoot", b.installRoot);
    this.cniBinDir = absolute("cniBinDir", b.cniBinDir);
    this.cniConfDir = absolute("cniConfDir", b.cniConfDir);
    this.unitDir = absolute("unitDir", b.unitDir);
    this.runDir = absolute("runDir", b.runDir);
    this.crictlConfig = absolute("crictlConfig", b.crictlConfig);
  }

  /** The seed's layout: {@code /opt/<component>}, {@code /opt/cni/bin}, {@code /etc/cni/net.d}, ... */
  public static Layout seed() {
    return builder().build();
  }

  /** The seed's layout with every path below {@code root} (for tests and dry runs). */
  public static Layout under(Path root) {
    return seed().rootedAt(root);
  }

  /** A builder starting from the seed's paths. */
  public static Builder builder() {
    return new Builder();
  }

  /** This layout with every path moved below the absolute directory {@code root}. */
  public Layout rootedAt(Path root) {
    Path base = absolute("root", root);
    return builder()
        .installRoot(reroot(base, installRoot))
        .cniBinDir(reroot(base, cniBinDir))
        .cniConfDir(reroot(base, cniConfDir))
        .unitDir(reroot(base, unitDir))
        .runDir(reroot(base, runDir))
        .crictlConfig(reroot(base, crictlConfig))
        .build();
  }

  private static Path reroot(Path base, Path path) {
    return base.resolve(path.getRoot().relativize(path));
  }

  private static Path absolute(String field, Path path) {
    Objects.requireNonNull(path, () -> "layout " + field + " must not be null");
    if (!path.isAbsolute()) {
      throw new InvalidSpecException("layout " + field + " must be an absolute path: '" + path + "'");
    }
    return path.normalize();
  }

  /** The directory of a component's binary, certificates and config files: {@code /opt/<component>}. */
  public Path home(ComponentName component) {
    return installRoot.resolve(component.id());
  }

  /** A file in the component's home, e.g. {@code /opt/etcd/etcd-ca.pem}. */
  public Path file(ComponentName component, String fileName) {
    return home(component).resolve(fileName);
  }

  /** The component's state directory, {@code /opt/<component>/data} (etcd's data dir, containerd's root). */
  public Path dataDir(ComponentName component) {
    return home(component).resolve("data");
  }

  /** The component's log directory, {@code /opt/<component>/log} (the audit log). */
  public Path logDir(ComponentName component) {
    return home(component).resolve("log");
  }

  /** The directory below which components are installed, {@code /opt}. */
  public Path installRoot() {
    return installRoot;
  }

  /** CNI plugin binaries, {@code /opt/cni/bin}. */
  public Path cniBinDir() {
    return cniBinDir;
  }

  /** CNI network configs, {@code /etc/cni/net.d}. */
  public Path cniConfDir() {
    return cniConfDir;
  }

  /** The unit file of a component, {@code /etc/systemd/system/<component>.service}. */
  public Path unitFile(ComponentName component) {
    return unitDir.resolve(component.id() + ".service");
  }

  /** Where units are installed, {@code /etc/systemd/system}. */
  public Path unitDir() {
    return unitDir;
  }

  /** The runtime (tmpfs) directory, {@code /run}. */
  public Path runDir() {
    return runDir;
  }

  /** containerd's state directory, {@code /run/containerd}. */
  public Path containerdState() {
    return runDir.resolve("containerd");
  }

  /** containerd's CRI socket, {@code /run/containerd/containerd.sock}. */
  public Path containerdSocket() {
    return containerdState().resolve("containerd.sock");
  }

  /** crictl's config file, {@code /etc/crictl.yaml}. */
  public Path crictlConfig() {
    return crictlConfig;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Layout l
        && installRoot.equals(l.installRoot)
        && cniBinDir.equals(l.cniBinDir)
        && cniConfDir.equals(l.cniConfDir)
        && unitDir.equals(l.unitDir)
        && runDir.equals(l.runDir)
        && crictlConfig.equals(l.crictlConfig);
  }

  @Override
  public int hashCode() {
    return Objects.hash(installRoot, cniBinDir, cniConfDir, unitDir, runDir, crictlConfig);
  }

  @Override
  public String toString() {
    return "Layout[installRoot=" + installRoot + ", cniBinDir=" + cniBinDir + ", cniConfDir=" + cniConfDir
        + ", unitDir=" + unitDir + ", runDir=" + runDir + ", crictlConfig=" + crictlConfig + "]";
  }

  /** Builds a {@link Layout}; every path must be absolute. Defaults are the seed's paths. */
  public static final class Builder {
    private Path installRoot = Path.of("/opt");
    private Path cniBinDir = Path.of("/opt/cni/bin");
    private Path cniConfDir = Path.of("/etc/cni/net.d");
    private Path unitDir = Path.of("/etc/systemd/system");
    private Path runDir = Path.of("/run");
    private Path crictlConfig = Path.of("/etc/crictl.yaml");

    private Builder() {}

    /** The directory holding one directory per component; default {@code /opt}. */
    public Builder installRoot(Path installRoot) {
      this.installRoot = installRoot;
      return this;
    }

    /** CNI plugin binaries; default {@code /opt/cni/bin}. */
    public Builder cniBinDir(Path cniBinDir) {
      this.cniBinDir = cniBinDir;
      return this;
    }

    /** CNI network configs; default {@code /etc/cni/net.d}. */
    public Builder cniConfDir(Path cniConfDir) {
      this.cniConfDir = cniConfDir;
      return this;
    }

    /** systemd unit directory; default {@code /etc/systemd/system}. */
    public Builder unitDir(Path unitDir) {
      this.unitDir = unitDir;
      return this;
    }

    /** Runtime directory for sockets and containerd state; default {@code /run}. */
    public Builder runDir(Path runDir) {
      this.runDir = runDir;
      return this;
    }

    /** crictl's config file; default {@code /etc/crictl.yaml}. */
    public Builder crictlConfig(Path crictlConfig) {
      this.crictlConfig = crictlConfig;
      return this;
    }

    /**
     * @throws InvalidSpecException if a path is relative
     */
    public Layout build() {
      return new Layout(this);
    }
  }
}
