package dev.kubestrap.cluster;

import dev.kubestrap.addons.Addon;
import dev.kubestrap.addons.ApplyMode;
import dev.kubestrap.addons.FlannelBackend;
import dev.kubestrap.apply.PlanExecutor;
import dev.kubestrap.apply.RemoteInspection;
import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.DownloadSource;
import dev.kubestrap.images.ImageArchive;
import dev.kubestrap.cluster.internal.ClusterYaml;
import dev.kubestrap.plan.ComponentActions;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.InvalidSpecException;
import dev.kubestrap.spec.Role;
import dev.kubestrap.spec.SeedEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Describes a cluster fluently and builds a {@link Cluster}: the hosts (how to reach each one, in which roles), the
 * spec settings given to a {@link ClusterSpec.Builder} through {@link #spec}, and how to install (binary source,
 * add-ons, state directory, concurrency, listener). Nothing is checked or contacted before {@link #build()}, which
 * checks every setting and every host and names the field and value of the first problem; {@code build()} touches
 * no host either.
 *
 * <pre>{@code
 * Cluster cluster = ClusterBuilder.named("lab")
 *     .spec(s -> s.kubernetesVersion("1.36.0").serviceCidr("10.254.0.0/16"))
 *     .master(Host.ssh("10.1.0.15", ssh -> ssh.user("debian").privateKey(Path.of("keys/id_ed25519")).sudo()))
 *     .worker(Host.ssh("10.1.0.16"))
 *     .binaries(BinarySource.official())
 *     .build();
 * }</pre>
 *
 * <p>Defaults: the spec's are {@link ClusterSpec}'s and the hosts' SSH settings are
 * {@link dev.kubestrap.transport.ssh.SshConfig}'s; of its own: binaries {@link BinarySource#official()} for
 * {@link Arch#AMD64}; add-ons Flannel (vxlan, network = the cluster CIDR) and CoreDNS (service IP and domain from the
 * spec), after kubestrap's cluster RBAC; state directory {@code ~/.kubestrap/<cluster name>}; concurrency
 * {@value PlanExecutor#DEFAULT_CONCURRENCY} hosts at a time; no listener (progress is logged all the same, on the
 * slf4j logger {@code dev.kubestrap.progress} at INFO); server-side apply; systemd; SSH/local transports
 * ({@link TransportFactory#standard()}); batched remote inspection; programs uploaded from this machine
 * ({@link BinaryDistribution#UPLOAD}); health waits of {@link ComponentActions#DEFAULT_HEALTH_TIMEOUT} per service.
 * Later calls override earlier ones; a builder may build several clusters.
 */
public final class ClusterBuilder {

  /** A host added with roles; the same host added twice (same name) gets both roles. */
  private record HostEntry(Host host, Set<Role> roles) {}

  private final Supplier<ClusterSpec.Builder> base;
  private final List<Consumer<ClusterSpec.Builder>> settings = new ArrayList<>();
  private final Map<String, HostEntry> hosts = new LinkedHashMap<>();
  private final Map<String, Host> reach = new LinkedHashMap<>();
  private final List<String> conflicts = new ArrayList<>();
  private BinarySource binaries;
  private boolean dryRunBinaries;
  private Arch arch = Arch.AMD64;
  private List<Addon> addons;
  private FlannelBackend flannelBackend = FlannelBackend.VXLAN;
  private Path stateDir;
  private int concurrency = PlanExecutor.DEFAULT_CONCURRENCY;
  private ClusterListener listener = ClusterListener.NONE;
  private ApplyMode applyMode = ApplyMode.SERVER_SIDE;
  private HostServices services = HostServices.systemd();
  private TransportFactory transports = TransportFactory.standard();
  private RemoteInspection inspection = RemoteInspection.batched();
  private BinaryDistribution distribution = BinaryDistribution.UPLOAD;
  private Duration healthTimeout = ComponentActions.DEFAULT_HEALTH_TIMEOUT;
  private boolean healthWaits = true;
  private boolean apiObjects = true;
  private final List<Supplier<List<ImageArchive>>> images = new ArrayList<>();

  private ClusterBuilder(Supplier<ClusterSpec.Builder> base) {
    this.base = base;
  }

  /** A cluster named {@code name} (a lowercase DNS name), everything else at the defaults. */
  public static ClusterBuilder named(String name) {
    return new ClusterBuilder(() -> ClusterSpec.builder().name(name));
  }

  /**
   * The cluster of a spec: its hosts are reached over SSH as root at their addresses unless {@link #reach} says
   * otherwise.
   */
  public static ClusterBuilder fromSpec(ClusterSpec spec) {
    Objects.requireNonNull(spec, "spec must not be null");
    return new ClusterBuilder(spec::toBuilder);
  }

  /**
   * The cluster of the seed's {@code environment} file ({@code MASTER_IP}, {@code NODE_IP}, {@code SERVICE_CIDR},
   * ...; see {@link SeedEnvironment}); the two hosts, named by their IPs, are reached over SSH as root unless
   * {@link #reach} says otherwise. The text is read in {@link #build()}, where its errors are raised.
   */
  public static ClusterBuilder fromSeedEnvironment(String text) {
    Objects.requireNonNull(text, "environment text must not be null");
    return new ClusterBuilder(() -> SeedEnvironment.builder(text));
  }

  /** {@link #fromSeedEnvironment(String)} with the content of {@code file}. */
  public static ClusterBuilder fromSeedEnvironment(Path file) {
    return fromSeedEnvironment(read(file));
  }

  /**
   * The cluster a YAML document describes (schema in {@code docs/cluster.md}): spec settings at the top level,
   * {@code hosts} with roles and SSH settings, {@code stateDir}, {@code concurrency}, {@code binaries},
   * {@code flannelBackend}. Unknown keys and wrong types are refused here, naming their path (e.g.
   * {@code hosts[1].ssh.usr}); spec values are checked in {@link #build()}.
   *
   * @throws ClusterException for YAML that does not follow the schema
   */
  public static ClusterBuilder fromYaml(String yaml) {
    ClusterYaml parsed = ClusterYaml.parse(yaml);
    ClusterBuilder builder = new ClusterBuilder(parsed::specBuilder);
    parsed.hosts().forEach(h -> builder.add(h.host(), h.roles().toArray(Role[]::new)));
    parsed.stateDir().ifPresent(builder::stateDir);
    parsed.concurrency().ifPresent(builder::concurrency);
    parsed.binaries().ifPresent(builder::binaries);
    parsed.flannelBackend().ifPresent(builder::flannelBackend);
    return builder;
  }

  /** {@link #fromYaml(String)} with the content of {@code file}. */
  public static ClusterBuilder fromYaml(Path file) {
    return fromYaml(read(file));
  }

  private static String read(Path file) {
    try {
      long size = Files.size(Objects.requireNonNull(file, "file must not be null"));
      if (size > ClusterYaml.MAX_CHARS) {
        throw new ClusterException(file + " is too large: " + size + " bytes (a cluster file has at most "
            + ClusterYaml.MAX_CHARS + ")");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ClusterException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  // ---- hosts

  /** The seed's "master": a control-plane host that also runs an etcd member. */
  public ClusterBuilder master(Host host) {
    return add(host, Role.CONTROL_PLANE, Role.ETCD);
  }

  /** A control-plane host; it runs etcd too when no host is added with {@link #etcd(Host)}. */
  public ClusterBuilder controlPlane(Host host) {
    return add(host, Role.CONTROL_PLANE);
  }

  /** An etcd member (possibly also a control-plane host). */
  public ClusterBuilder etcd(Host host) {
    return add(host, Role.ETCD);
  }

  /** A worker node (containerd, kubelet, kube-proxy); add as many as needed. */
  public ClusterBuilder worker(Host host) {
    return add(host, Role.WORKER);
  }

  /**
   * Adds {@code host} with {@code roles}; the same host (same name, address and connection) added again gains the
   * roles. A different host under a name already taken is refused by {@link #build()}.
   */
  public ClusterBuilder add(Host host, Role... roles) {
    Objects.requireNonNull(host, "host must not be null");
    HostEntry known = hosts.get(host.name());
    Set<Role> all = EnumSet.noneOf(Role.class);
    all.addAll(List.of(roles));
    if (known != null) {
      all.addAll(known.roles());
      if (!known.host().address().equals(host.address()) || !known.host().target().equals(host.target())) {
        conflicts.add("hosts has two hosts named '" + host.name() + "': " + known.host() + " at " + known.host().address()
            + " and " + host + " at " + host.address() + " (a name is added again only for the same host, to give it "
            + "more roles)");
      }
    }
    hosts.put(host.name(), new HostEntry(known != null ? known.host() : host, all));
    return this;
  }

  /**
   * How to reach the spec host named {@code name} (for specs from {@link #fromSpec}, {@link #fromSeedEnvironment}
   * or YAML): e.g. {@code reach("10.1.0.15", Host.ssh("10.1.0.15", ssh -> ssh.user("debian").sudo()))}. The host's
   * name and address in the spec stay as they are.
   */
  public ClusterBuilder reach(String name, Host host) {
    reach.put(Objects.requireNonNull(name, "name must not be null"), Objects.requireNonNull(host, "host must not be null"));
    return this;
  }

  // ---- spec settings

  /**
   * Sets spec settings on the {@link ClusterSpec.Builder} this cluster is built from, e.g.
   * {@code .spec(s -> s.kubernetesVersion("1.35.3").serviceCidr("10.254.0.0/16"))}; every setting and its default is
   * the spec builder's. Called in {@link #build()}, after the settings of {@link #fromSpec}, {@link #fromYaml} or
   * {@link #fromSeedEnvironment} and before the hosts of this builder are added; later calls run later. A spec HTTP
   * proxy also serves this machine's downloads when the binary source downloads and has no proxy of its own.
   */
  public ClusterBuilder spec(Consumer<ClusterSpec.Builder> settings) {
    this.settings.add(Objects.requireNonNull(settings, "spec settings must not be null"));
    return this;
  }

  // ---- how to install

  /** Where binaries come from; default {@link BinarySource#official()} (downloaded into its cache on plan). */
  public ClusterBuilder binaries(BinarySource source) {
    this.binaries = Objects.requireNonNull(source, "binaries must not be null");
    this.dryRunBinaries = false;
    return this;
  }

  /**
   * Plans without fetching any binary, for dry runs: a bare release binary with a kubestrap pin (kubelet, runc)
   * is planned with its pinned sha256; every other program (archive members, binaries whose digest is published
   * only beside the download) is left out of the plan and listed by {@link Cluster#unresolvedBinaries()}. Such a
   * cluster refuses {@link Cluster#apply()}.
   */
  public ClusterBuilder dryRunBinaries() {
    this.dryRunBinaries = true;
    return this;
  }

  /** The architecture of the hosts; default {@link Arch#AMD64}. */
  public ClusterBuilder arch(Arch arch) {
    this.arch = Objects.requireNonNull(arch, "arch must not be null");
    return this;
  }

  /**
   * Image archives (docker-archive or OCI tarballs) that every node gets and imports into containerd's
   * {@code k8s.io} namespace before the kubelet starts, when containerd does not have the image yet: for hosts
   * that cannot reach a registry. Default: none.
   */
  public ClusterBuilder preloadImages(List<ImageArchive> archives) {
    List<ImageArchive> copy = List.copyOf(archives);
    images.add(() -> copy);
    return this;
  }

  /** {@link #preloadImages(List)} of every {@code *.tar} in {@code directory}, read by {@link #build()}. */
  public ClusterBuilder preloadImages(Path directory) {
    Objects.requireNonNull(directory, "image directory must not be null");
    images.add(() -> ImageArchive.inDirectory(directory));
    return this;
  }

  /**
   * The add-ons applied after kubestrap's cluster RBAC, replacing the default Flannel + CoreDNS; none for an
   * empty call.
   */
  public ClusterBuilder addons(Addon... addons) {
    this.addons = List.of(addons);
    return this;
  }

  /** The backend of the default Flannel add-on; default vxlan. */
  public ClusterBuilder flannelBackend(FlannelBackend backend) {
    this.flannelBackend = Objects.requireNonNull(backend, "flannelBackend must not be null");
    return this;
  }

  /** Local state: PKI, encryption key, kubeconfigs, last applied plan; default {@code ~/.kubestrap/<cluster>}. */
  public ClusterBuilder stateDir(Path dir) {
    this.stateDir = Objects.requireNonNull(dir, "stateDir must not be null");
    return this;
  }

  /** How many hosts of a phase are worked on at once; default {@value PlanExecutor#DEFAULT_CONCURRENCY}. */
  public ClusterBuilder concurrency(int concurrency) {
    this.concurrency = concurrency;
    return this;
  }

  /** Receives progress events; default none. */
  public ClusterBuilder listener(ClusterListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener must not be null");
    return this;
  }

  /** How RBAC and add-on objects are written; default server-side apply (field manager {@code kubestrap}). */
  public ClusterBuilder applyMode(ApplyMode mode) {
    this.applyMode = Objects.requireNonNull(mode, "applyMode must not be null");
    return this;
  }

  /** How services are controlled on the hosts; default {@link HostServices#systemd()}. */
  public ClusterBuilder services(HostServices services) {
    this.services = Objects.requireNonNull(services, "services must not be null");
    return this;
  }

  /** How host connections are opened; default {@link TransportFactory#standard()}. */
  public ClusterBuilder transports(TransportFactory transports) {
    this.transports = Objects.requireNonNull(transports, "transports must not be null");
    return this;
  }

  /**
   * How the executor learns what hosts have; default {@link RemoteInspection#batched()}. Use
   * {@link RemoteInspection#perFile()} with rooted local transports.
   */
  public ClusterBuilder remoteInspection(RemoteInspection inspection) {
    this.inspection = Objects.requireNonNull(inspection, "remoteInspection must not be null");
    return this;
  }

  /** How the programs reach the hosts; default {@link BinaryDistribution#UPLOAD}. */
  public ClusterBuilder binaryDistribution(BinaryDistribution distribution) {
    this.distribution = Objects.requireNonNull(distribution, "binaryDistribution must not be null");
    return this;
  }

  /** How long each service may take to become healthy; default {@link ComponentActions#DEFAULT_HEALTH_TIMEOUT}. */
  public ClusterBuilder healthTimeout(Duration timeout) {
    this.healthTimeout = Objects.requireNonNull(timeout, "healthTimeout must not be null");
    return this;
  }

  /**
   * Plans no health waits: services are started but not waited for. Only for transfer benchmarks and hosts
   * running stand-in programs; a real cluster needs the waits to start in order.
   */
  public ClusterBuilder skipHealthWaits() {
    this.healthWaits = false;
    return this;
  }

  /**
   * {@link Cluster#apply()} brings the hosts to the plan but applies no API object (cluster RBAC, add-ons): for
   * transfer benchmarks against hosts without a working apiserver, or to apply the objects later yourself.
   */
  public ClusterBuilder withoutApiObjects() {
    this.apiObjects = false;
    return this;
  }

  /**
   * Checks everything and returns the cluster; no host is contacted and nothing is written.
   *
   * @throws InvalidSpecException for a spec setting, naming field and value
   * @throws ClusterException for a host or install setting, naming host, field and value
   */
  public Cluster build() {
    if (concurrency < 1) {
      throw new ClusterException("concurrency must be at least 1: " + concurrency);
    }
    if (healthTimeout.isZero() || healthTimeout.isNegative()) {
      throw new ClusterException("healthTimeout must be positive: " + healthTimeout);
    }
    if (!conflicts.isEmpty()) {
      throw new ClusterException(conflicts.get(0));
    }
    ClusterSpec.Builder specBuilder = base.get();
    settings.forEach(s -> s.accept(specBuilder));
    for (HostEntry entry : hosts.values()) {
      specBuilder.addHost(HostSpec.of(entry.host().name(), entry.host().address(), entry.roles().toArray(Role[]::new)));
    }
    ClusterSpec spec = specBuilder.build();
    Map<String, Host> reached = new LinkedHashMap<>();
    for (String name : reach.keySet()) {
      if (spec.hosts().stream().noneMatch(h -> h.name().equals(name))) {
        throw new ClusterException("reach names no host of the spec: '" + name + "' (hosts: "
            + spec.hosts().stream().map(HostSpec::name).toList() + ")");
      }
    }
    for (int i = 0; i < spec.hosts().size(); i++) {
      HostSpec hostSpec = spec.hosts().get(i);
      Host host = reach.get(hostSpec.name());
      if (host == null) {
        HostEntry entry = hosts.get(hostSpec.name());
        host = entry != null ? entry.host() : Host.ssh(hostSpec.ip()).name(hostSpec.name());
      }
      checkHost(i, hostSpec, host);
      reached.put(hostSpec.name(), host);
    }
    Path state = stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".kubestrap", spec.name());
    BinarySource source = binaries != null ? binaries : BinarySource.official();
    if (spec.httpProxy().isPresent() && source instanceof DownloadSource download && download.proxy().isEmpty()) {
      source = download.proxy(spec.httpProxy().get());
    }
    if (!dryRunBinaries) {
      source.checkUsable(spec.kubernetesVersion().toString(), arch);
    }
    return new Cluster(new Cluster.Settings(spec, reached, state, source, dryRunBinaries, arch,
        addons != null ? addons : Cluster.defaultAddons(spec, flannelBackend), concurrency, listener, applyMode,
        services, transports, inspection, healthTimeout, healthWaits, apiObjects,
        images.stream().flatMap(archives -> archives.get().stream()).toList(), distribution));
  }

  private static void checkHost(int index, HostSpec spec, Host host) {
    String field = "hosts[" + index + "] '" + spec.name() + "'";
    try {
      host.sshConfig();
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      throw new ClusterException(field + ": " + e.getMessage(), e);
    }
  }
}
