package dev.kubestrap.sandbox.cluster;

import dev.kubestrap.addons.Addon;
import dev.kubestrap.images.RegistryMirror;
import dev.kubestrap.proxy.HttpProxy;
import dev.kubestrap.sandbox.SandboxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@link SandboxCluster} is: how many hosts of each kind, which programs and images, which add-ons and
 * which registry mirrors and proxy. A value: two equal specs describe the same cluster, which is what lets a test
 * run reuse one cluster across test classes.
 *
 * <p>Defaults: name {@code sandbox}; 1 control-plane host ({@code control-plane}, also a tainted node, running
 * etcd) and 2 workers ({@code worker1}, {@code worker2}); the official programs downloaded into kubestrap's cache;
 * Kubernetes {@value dev.kubestrap.spec.ClusterSpec#DEFAULT_KUBERNETES_VERSION} (with a {@link
 * Builder#programs programs directory}, the versions its manifest records); no image preload; kubestrap's default
 * add-ons (Flannel, CoreDNS); no registry mirror, no proxy; no extra Debian packages on the hosts; ready within 5
 * minutes.
 *
 * @param name the cluster's name, a lowercase DNS label
 * @param controlPlanes how many control-plane hosts (each also an etcd member and a tainted node)
 * @param workers how many worker hosts
 * @param kubernetesVersion the Kubernetes version, if not the default
 * @param programs a directory of programs (with {@code manifest.tsv} when built from source) instead of
 *     downloads
 * @param images a directory of image archives ({@code *.tar}) imported on every node before the kubelet starts
 * @param addons the add-ons instead of kubestrap's defaults, if set
 * @param registryMirrors registry mirrors for containerd on the nodes
 * @param httpProxy the proxy containerd pulls through (and this machine downloads through)
 * @param packages extra Debian packages in the hosts' root filesystem
 * @param readyTimeout how long the cluster may take, after apply, until its nodes and system pods are Ready
 */
public record SandboxClusterSpec(
    String name,
    int controlPlanes,
    int workers,
    Optional<String> kubernetesVersion,
    Optional<Path> programs,
    Optional<Path> images,
    Optional<List<Addon>> addons,
    List<RegistryMirror> registryMirrors,
    Optional<HttpProxy> httpProxy,
    List<String> packages,
    Duration readyTimeout) {
  private static final Pattern LABEL = Pattern.compile("[a-z]([a-z0-9-]{0,30}[a-z0-9])?");

  public SandboxClusterSpec {
    if (name == null || !LABEL.matcher(name).matches()) {
      throw new SandboxException("name must be a lowercase DNS label of at most 32 characters: '" + name + "'");
    }
    if (controlPlanes < 1 || controlPlanes > 5) {
      throw new SandboxException("controlPlanes must be 1 to 5: " + controlPlanes);
    }
    if (workers < 0 || controlPlanes + workers > 20) {
      throw new SandboxException("workers must be 0 or more, at most 20 hosts in all: " + workers);
    }
    Objects.requireNonNull(kubernetesVersion, "kubernetesVersion");
    programs = programs.map(SandboxClusterSpec::absolute);
    images = images.map(SandboxClusterSpec::absolute);
    addons = addons.map(List::copyOf);
    registryMirrors = List.copyOf(registryMirrors);
    httpProxy = Objects.requireNonNull(httpProxy, "httpProxy");
    packages = List.copyOf(packages);
    if (readyTimeout == null || readyTimeout.isNegative() || readyTimeout.isZero()) {
      throw new SandboxException("readyTimeout must be positive: " + readyTimeout);
    }
  }

  private static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }

  /** A builder at the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The default spec: 1 control-plane host and 2 workers with the official programs. */
  public static SandboxClusterSpec defaults() {
    return builder().build();
  }

  /** The host names: {@code control-plane} (or {@code control-plane1} … for several), then {@code worker1} …. */
  public List<String> controlPlaneNames() {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= controlPlanes; i++) {
      names.add(controlPlanes == 1 ? "control-plane" : "control-plane" + i);
    }
    return names;
  }

  /** {@code worker1} … {@code worker<workers>}. */
  public List<String> workerNames() {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= workers; i++) {
      names.add("worker" + i);
    }
    return names;
  }

  /** Every host name, control-plane hosts first. */
  public List<String> hostNames() {
    List<String> names = new ArrayList<>(controlPlaneNames());
    names.addAll(workerNames());
    return names;
  }

  /** Collects settings; {@link #build()} checks them, naming the field and the value of a bad one. */
  public static final class Builder {
    private String name = "sandbox";
    private int controlPlanes = 1;
    private int workers = 2;
    private String kubernetesVersion;
    private Path programs;
    private Path images;
    private List<Addon> addons;
    private final List<RegistryMirror> registryMirrors = new ArrayList<>();
    private HttpProxy httpProxy;
    private final List<String> packages = new ArrayList<>();
    private Duration readyTimeout = Duration.ofMinutes(5);

    private Builder() {}

    /** The cluster's name; default {@code sandbox}. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** How many control-plane hosts; default 1. */
    public Builder controlPlanes(int count) {
      this.controlPlanes = count;
      return this;
    }

    /** How many worker hosts; default 2. */
    public Builder workers(int count) {
      this.workers = count;
      return this;
    }

    /** The Kubernetes version; default the programs directory's, else kubestrap's default. */
    public Builder kubernetesVersion(String version) {
      this.kubernetesVersion = Objects.requireNonNull(version, "kubernetesVersion must not be null");
      return this;
    }

    /**
     * Installs the programs of {@code directory} instead of downloading: official release files for a closed
     * network, or the programs {@code programs/build.sh} built from source (its {@code manifest.tsv} gives the
     * digests and the versions). Default: downloads.
     */
    public Builder programs(Path directory) {
      this.programs = Objects.requireNonNull(directory, "programs must not be null");
      return this;
    }

    /** Imports every {@code *.tar} image archive of {@code directory} on every node; default none. */
    public Builder images(Path directory) {
      this.images = Objects.requireNonNull(directory, "images must not be null");
      return this;
    }

    /** The add-ons instead of kubestrap's defaults (Flannel, CoreDNS); none for an empty call. */
    public Builder addons(Addon... addons) {
      this.addons = List.of(addons);
      return this;
    }

    /** Adds a registry mirror for containerd on the nodes; default none. */
    public Builder registryMirror(RegistryMirror mirror) {
      registryMirrors.add(Objects.requireNonNull(mirror, "registryMirror must not be null"));
      return this;
    }

    /** The proxy containerd on the nodes pulls through; default none. */
    public Builder httpProxy(HttpProxy proxy) {
      this.httpProxy = Objects.requireNonNull(proxy, "httpProxy must not be null");
      return this;
    }

    /** Adds Debian packages to the hosts' root filesystem; default none. */
    public Builder addPackages(String... names) {
      packages.addAll(List.of(names));
      return this;
    }

    /** How long the nodes and system pods may take to become Ready after apply; default 5 minutes. */
    public Builder readyTimeout(Duration timeout) {
      this.readyTimeout = timeout;
      return this;
    }

    /** @throws SandboxException naming the field and the bad value */
    public SandboxClusterSpec build() {
      return new SandboxClusterSpec(name, controlPlanes, workers, Optional.ofNullable(kubernetesVersion),
          Optional.ofNullable(programs), Optional.ofNullable(images), Optional.ofNullable(addons), registryMirrors,
          Optional.ofNullable(httpProxy), packages, readyTimeout);
    }
  }
}
