package dev.kubestrap.cluster;

import dev.kubestrap.addons.Addon;
import dev.kubestrap.addons.AddonApplier;
import dev.kubestrap.addons.AddonEvent;
import dev.kubestrap.addons.ApplyMode;
import dev.kubestrap.addons.ClusterRbac;
import dev.kubestrap.addons.CoreDns;
import dev.kubestrap.addons.Flannel;
import dev.kubestrap.addons.FlannelBackend;
import dev.kubestrap.addons.NodeRoleLabels;
import dev.kubestrap.apply.ApplyReport;
import dev.kubestrap.apply.PlanExecutor;
import dev.kubestrap.apply.RemoteInspection;
import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.cluster.internal.BinaryPlanner;
import dev.kubestrap.cluster.internal.HostReset;
import dev.kubestrap.cluster.internal.LocalState;
import dev.kubestrap.cluster.internal.PlanAssembler;
import dev.kubestrap.cluster.internal.SharedTransports;
import dev.kubestrap.component.ClusterSecrets;
import dev.kubestrap.component.Components;
import dev.kubestrap.images.ImageArchive;
import dev.kubestrap.io.DirectoryLock;
import dev.kubestrap.kubeconfig.Context;
import dev.kubestrap.kubeconfig.CurrentContext;
import dev.kubestrap.kubeconfig.Kubeconfig;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.preflight.HostFacts;
import dev.kubestrap.preflight.Preflight;
import dev.kubestrap.preflight.PreflightReport;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.Role;
import dev.kubestrap.verify.ClusterVerifier;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A cluster to install, made by {@link ClusterBuilder}: spec → {@link #plan()} → {@link #apply()} →
 * {@link #verify(Duration)}, plus {@link #client()} and {@link #reset(ResetOption...)}. Holds one connection per
 * host (opened when first needed, reused by every operation) and a Kubernetes client; {@link #close()} releases
 * them. Safe to use from one thread at a time.
 *
 * <p>Progress (phases, hosts, the steps that changed something, add-on objects, verification) goes to the slf4j
 * logger {@code dev.kubestrap.progress} at INFO whether or not a {@link ClusterListener} is set; a listener gets
 * every event as well.
 *
 * <p>One run at a time per state directory: {@link #apply()}, {@link #reset(ResetOption...)} and the first reading
 * of the local state (by {@link #plan()}, {@link #client()} or those two) hold the directory's lock ({@link
 * DirectoryLock}) and fail at once with a {@link dev.kubestrap.io.DirectoryLockedException} naming the holder
 * (process id, host, start time, operation) while another process, or another thread, holds it. A lock left by a
 * process that died is taken over and reported as {@link ClusterEvent.StaleLockTakenOver}. Cluster objects for the
 * same directory may follow one another in one JVM.
 *
 * <p>Local state lives in the state directory (default {@code ~/.kubestrap/<cluster>}): {@code pki/},
 * {@code encryption-key}, {@code admin.kubeconfig} (user {@code admin}, group {@code kubestrap:cluster-admins},
 * server = the first control-plane host at the apiserver port), {@code super-admin.kubeconfig} (group
 * {@code system:masters}, for emergencies) and {@code last-applied-plan.json}. Re-running never makes a new CA or
 * encryption key. Restarts owed to hosts by a run that stopped between sending a file and restarting its service
 * are kept in {@code pending-work.journal} and done by the next {@link #apply()}.
 */
public final class Cluster implements AutoCloseable {

  /** Everything {@link ClusterBuilder#build()} checked. */
  record Settings(ClusterSpec spec, Map<String, Host> hosts, Path stateDir, BinarySource binaries,
      boolean dryRunBinaries, Arch arch, List<Addon> addons, int concurrency, ClusterListener listener,
      ApplyMode applyMode, HostServices services, TransportFactory transports, RemoteInspection inspection,
      Duration healthTimeout, boolean healthWaits, boolean apiObjects, List<ImageArchive> images) {}

  /** systemd-resolved's list of the real upstream name servers. */
  static final String SYSTEMD_RESOLVED_UPSTREAM = "/run/systemd/resolve/resolv.conf";

  private final Settings settings;
  private final ClusterSpec spec;
  private final LocalState state;
  private final BinaryPlanner binaries;
  private final SharedTransports transports;
  private final ProgressLog progress = ProgressLog.standard();
  private ClusterSecrets secrets;
  private PlanExecutor executor;
  private KubernetesClient client;
  private boolean closed;

  Cluster(Settings settings) {
    this.settings = settings;
    this.spec = settings.spec();
    this.state = new LocalState(settings.stateDir());
    this.binaries = new BinaryPlanner(settings.binaries(), settings.dryRunBinaries(), settings.arch());
    this.transports = new SharedTransports(settings.hosts(), settings.transports());
  }

  /** Flannel (network = the cluster CIDR, the layout's CNI directories) and CoreDNS (service IP and domain). */
  static List<Addon> defaultAddons(ClusterSpec spec, FlannelBackend backend) {
    return List.of(
        Flannel.builder().network(spec.clusterCidr().toString()).backend(backend)
            .cniBinDir(spec.layout().cniBinDir().toString()).cniConfDir(spec.layout().cniConfDir().toString()).build(),
        CoreDns.defaults().serviceIp(spec.dnsServiceIp().getHostAddress()).domain(spec.dnsDomain())
            .kubernetesVersion(spec.kubernetesMinor()).build());
  }

  /** The validated spec. */
  public ClusterSpec spec() {
    return spec;
  }

  /** How each host (by node name) is reached. */
  public Map<String, Host> hosts() {
    return settings.hosts();
  }

  /** The local state directory. */
  public Path stateDir() {
    return state.directory();
  }

  /** The admin kubeconfig in the state directory (written by {@link #apply()} and {@link #client()}). */
  public Path adminKubeconfig() {
    return state.directory().resolve(LocalState.ADMIN_KUBECONFIG);
  }

  /** The add-ons applied after cluster RBAC. */
  public List<Addon> addons() {
    return settings.addons();
  }

  /**
   * What to install, as pure data; contacts no host. Ensures the PKI and the encryption key in the state directory
   * first (made once, then reused, so plans are repeatable) and resolves binaries through the binary source, which
   * may download into its cache (not with {@link ClusterBuilder#dryRunBinaries()}), and writes the admin and
   * super-admin kubeconfigs into the state directory exactly as {@link #apply()} would, so they can be read before
   * anything is applied. {@code plan().writeTo(dir)} is the dry run.
   */
  public ClusterPlan plan() {
    requireOpen();
    ClusterSecrets secrets = secrets();
    state.writeKubeconfigs(spec, secrets.certificates());
    return assemble(secrets, binaries);
  }

  /**
   * The PKI and encryption key, ensured in the state directory once per cluster object: the store is read before
   * any connection is opened, and later operations reuse what was read.
   */
  private ClusterSecrets secrets() {
    if (secrets == null) {
      try (DirectoryLock lock = lockState("plan")) {
        secrets = state.ensure(spec);
      }
    }
    return secrets;
  }

  /**
   * Takes the state directory's lock for {@code operation}, reporting a lock taken over from a run that died
   * holding it. Nested calls (plan inside apply) share the outer hold.
   */
  private DirectoryLock lockState(String operation) {
    DirectoryLock lock = DirectoryLock.acquire(state.directory(), operation + " of cluster " + spec.name());
    lock.takenOver().ifPresent(previous -> emit(new ClusterEvent.StaleLockTakenOver(state.directory(), previous)));
    return lock;
  }

  private ClusterPlan assemble(ClusterSecrets secrets, BinaryPlanner planner) {
    return assemble(spec, secrets, planner);
  }

  private ClusterPlan assemble(ClusterSpec spec, ClusterSecrets secrets, BinaryPlanner planner) {
    return new PlanAssembler(spec, secrets, planner, ClusterRbac.defaults(), settings.addons(),
        settings.healthTimeout(), settings.healthWaits(), settings.images()).assemble();
  }

  /** The programs a dry-run plan left out because their digest is not known without downloading. */
  public List<UnresolvedBinary> unresolvedBinaries() {
    return binaries.unresolved();
  }

  /**
   * Brings the hosts to the plan: phases in order, hosts of a phase in parallel (bounded by the concurrency), one
   * connection per host; only files whose remote sha256 differs are sent, a service restarts only when one of its
   * inputs changed. Then applies cluster RBAC and the add-ons through the API with a client made from the admin
   * kubeconfig only. Writes both kubeconfigs and records the applied plan in the state directory. Re-running after
   * a failure converges.
   *
   * @throws dev.kubestrap.apply.ApplyException naming host, phase, action and, for a service, its journal
   * @throws ClusterException when RBAC or an add-on object is refused
   */
  public ClusterReport apply() {
    requireOpen();
    if (settings.dryRunBinaries()) {
      throw new ClusterException("apply of " + spec.name() + " needs binaries: this cluster was built with "
          + "dryRunBinaries(); build it with binaries(BinarySource) to apply");
    }
    try (DirectoryLock lock = lockState("apply")) {
      return applyLocked();
    }
  }

  private ClusterReport applyLocked() {
    ClusterSpec detected = withDetectedResolvConfs(preflight().orThrow());
    ClusterSecrets secrets = secrets();
    ClusterPlan plan = assemble(detected, secrets, binaries);
    state.writeKubeconfigs(spec, secrets.certificates());
    ApplyReport report = executor().apply(plan);
    List<AddonEvent> objects = new ArrayList<>();
    if (!settings.apiObjects()) {
      return new ClusterReport(report, objects);
    }
    // The cluster RBAC is what grants the admin identity its rights, so it goes in as the break-glass
    // super-admin (system:masters), like kubeadm's bootstrap; that client lives only for this step.
    try (KubernetesClient superAdmin = clientFor(LocalState.superAdminKubeconfig(spec, secrets.certificates()))) {
      objects.addAll(applyObjects(superAdmin, Phase.CLUSTER_RBAC, List.of(ClusterRbac.defaults())));
    }
    objects.addAll(labelControlPlaneNodes());
    objects.addAll(applyObjects(client(), Phase.ADDONS, settings.addons()));
    return new ClusterReport(report, objects);
  }

  /**
   * Checks every host before anything is changed: tools, cgroup v2, free ports, packaged services in the way, the
   * kernel features a node needs, the spec's address on the host, unique machine ids. {@link #apply()} runs it
   * first and stops with every problem of every host listed, each with its fix.
   */
  public PreflightReport preflight() {
    requireOpen();
    return new Preflight(spec).run(name -> transports.borrow(name), settings.concurrency());
  }

  /**
   * The spec with each node's resolv.conf as found: where {@code /etc/resolv.conf} points at systemd-resolved's
   * stub (127.0.0.53), pods would get a name server that loops back to CoreDNS itself, so the kubelet is given
   * systemd-resolved's upstream file instead, as kubeadm does. A resolv.conf the spec sets keeps precedence.
   */
  private ClusterSpec withDetectedResolvConfs(PreflightReport preflight) {
    ClusterSpec.Builder detected = null;
    for (HostSpec host : spec.nodes()) {
      HostFacts facts = preflight.facts().get(host.name());
      if (facts != null && facts.resolvedStub() && !spec.hasOwnResolvConf(host)
          && spec.kubeletResolvConf().equals(ClusterSpec.DEFAULT_RESOLV_CONF)) {
        detected = detected != null ? detected : spec.toBuilder();
        detected.kubeletResolvConf(host.name(), SYSTEMD_RESOLVED_UPSTREAM);
      }
    }
    return detected == null ? spec : detected.build();
  }

  private PlanExecutor executor() {
    if (executor == null) {
      executor = PlanExecutor.builder()
          .transports(id -> transports.borrow(id.name()))
          .concurrency(settings.concurrency())
          .listener(event -> emit(new ClusterEvent.HostProgress(event)))
          .serviceManager(settings.services())
          .inspection(settings.inspection())
          .stateDir(state.directory())
          .build();
    }
    return executor;
  }

  private List<AddonEvent> labelControlPlaneNodes() {
    List<String> nodes = spec.nodes().stream().filter(h -> h.has(Role.CONTROL_PLANE)).map(HostSpec::name).toList();
    if (nodes.isEmpty()) {
      return List.of();
    }
    try {
      return NodeRoleLabels.controlPlane(nodes).apply(client(), settings.healthTimeout(),
          event -> emit(new ClusterEvent.ObjectApplied(Phase.CLUSTER_RBAC, event)));
    } catch (RuntimeException e) {
      throw new ClusterException("[" + Phase.CLUSTER_RBAC.label() + "] on [" + spec.apiServerUrl() + "] failed: "
          + e.getMessage(), e);
    }
  }

  private List<AddonEvent> applyObjects(KubernetesClient as, Phase phase, List<Addon> addons) {
    if (addons.isEmpty()) {
      return List.of();
    }
    try {
      return AddonApplier.builder(as)
          .mode(settings.applyMode())
          .listener(event -> emit(new ClusterEvent.ObjectApplied(phase, event)))
          .build()
          .apply(addons);
    } catch (RuntimeException e) {
      throw new ClusterException("[" + phase.label() + "] on [" + spec.apiServerUrl() + "] failed: " + e.getMessage(), e);
    }
  }

  /**
   * Waits until the cluster works: nodes Ready (every host running a kubelet), kube-system pods Ready, a smoke pod
   * Running, DNS answering for the spec's domain.
   *
   * @throws dev.kubestrap.verify.VerificationTimeoutException saying what it waited for, how long, and the last
   *     state seen
   */
  public void verify(Duration timeout) {
    verify(timeout, verifier -> { });
  }

  /**
   * {@link #verify(Duration)} with the verifier adjusted first, e.g. the smoke and DNS images of a closed
   * network: {@code cluster.verify(timeout, v -> v.smokeImage(local).dnsImage(local))}.
   */
  public void verify(Duration timeout, Consumer<ClusterVerifier.Builder> adjust) {
    requireOpen();
    String[] nodes = spec.hosts().stream()
        .filter(h -> Components.on(spec, h).stream().anyMatch(c -> c.name() == ComponentName.KUBELET))
        .map(HostSpec::name)
        .toArray(String[]::new);
    ClusterVerifier.Builder verifier = ClusterVerifier.builder(client())
        .expectNodes(nodes)
        .dnsDomain(spec.dnsDomain())
        .listener(event -> emit(new ClusterEvent.Verification(event)));
    adjust.accept(verifier);
    verifier.build().verify(timeout);
  }

  /**
   * A fabric8 client for the cluster, made only from the admin kubeconfig (written to the state directory if
   * missing). Owned by this object: closed by {@link #close()}.
   */
  public KubernetesClient client() {
    requireOpen();
    if (client == null) {
      client = clientFor(state.writeKubeconfigs(spec, secrets().certificates()));
    }
    return client;
  }

  /**
   * Writes this cluster's admin credentials into a kubeconfig file of your choice, as {@code kubectl config
   * set-cluster/set-credentials/set-context} would: cluster {@code <kubeconfigClusterName>}, user and context
   * {@code admin@<kubeconfigClusterName>}, so that several clusters live side by side in one file. A missing file is
   * created (0600); in an existing one, entries of other names and every other field are kept, same-name entries
   * replaced, and the file is replaced atomically (0600). {@code current-context} is left as the file has it, even
   * when it has none: {@link #mergeKubeconfigInto(Path, CurrentContext)} with {@link CurrentContext#FROM_INCOMING}
   * switches to this cluster. Contacts no host.
   *
   * @return the context name, for {@code kubectl --context}
   */
  public String mergeKubeconfigInto(Path file) {
    return mergeKubeconfigInto(file, CurrentContext.UNCHANGED);
  }

  /** As {@link #mergeKubeconfigInto(Path)}, choosing what happens to the file's {@code current-context}. */
  public String mergeKubeconfigInto(Path file, CurrentContext currentContext) {
    requireOpen();
    Kubeconfig admin = state.writeKubeconfigs(spec, secrets().certificates());
    String cluster = spec.kubeconfigClusterName();
    String name = "admin@" + cluster;
    Kubeconfig entries = Kubeconfig.builder()
        .cluster(cluster, admin.cluster(cluster).orElseThrow())
        .user(name, admin.user(admin.context(spec.kubeconfigContextName()).orElseThrow().user()).orElseThrow())
        .context(name, new Context(cluster, name))
        .currentContext(name)
        .build();
    entries.mergeIntoFile(file, currentContext);
    return name;
  }

  private KubernetesClient clientFor(Kubeconfig kubeconfig) {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig.toYaml())).build();
  }

  /**
   * Removes what kubestrap placed: stops and disables its services, removes their unit files, binaries,
   * certificates and config files (and temporary files of interrupted uploads beside them), the component trees
   * under the install root and the files of node preparation, then reloads systemd. Data directories (etcd's data) stay unless {@link ResetOption#DELETE_DATA} is given.
   * Downloads nothing.
   *
   * @throws ClusterException naming the host that failed
   */
  public void reset(ResetOption... options) {
    requireOpen();
    try (DirectoryLock lock = lockState("reset")) {
      resetLocked(options);
    }
  }

  private void resetLocked(ResetOption... options) {
    boolean deleteData = Set.of(options).contains(ResetOption.DELETE_DATA);
    ClusterSecrets secrets = secrets();
    ClusterPlan plan = assemble(secrets, new BinaryPlanner(settings.binaries(), true, settings.arch()));
    HostReset reset = new HostReset(spec, plan, settings.services(), deleteData, settings.inspection());
    for (HostId host : plan.hosts()) {
      List<String> programs = Components.install(spec, spec.host(host.name()), secrets).stream()
          .flatMap(install -> install.binaries().stream()).map(b -> b.target().toString()).toList();
      try {
        reset.reset(host, transports.borrow(host.name()), programs,
            step -> emit(new ClusterEvent.ResetStep(host, step)));
      } catch (RuntimeException e) {
        throw new ClusterException("[reset] on [" + settings.hosts().get(host.name()).target() + "] failed: "
            + e.getMessage(), e);
      }
    }
  }

  private void emit(ClusterEvent event) {
    progress.log(event);
    try {
      settings.listener().onEvent(event);
    } catch (RuntimeException e) {
      // a listener must not break an apply; its failure is not the cluster's
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("cluster " + spec.name() + " is closed");
    }
  }

  /** Closes the Kubernetes client and every host connection; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      client = null;
      transports.close();
    }
  }

  @Override
  public String toString() {
    return "Cluster[" + spec.name() + ", hosts=" + settings.hosts().keySet() + ", state=" + state.directory() + "]";
  }
}
