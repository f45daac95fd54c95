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
import dev.kubestrap.apply.BinaryDelivery;
import dev.kubestrap.apply.PlanExecutor;
import dev.kubestrap.pki.ExtendedKeyUsage;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.apply.RemoteInspection;
import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.certificates.CertificateAdmin;
import dev.kubestrap.apply.ApplyReport;
import dev.kubestrap.cluster.internal.BinaryPlanner;
import dev.kubestrap.cluster.internal.ClusterContext;
import dev.kubestrap.cluster.internal.ClusterEtcd;
import dev.kubestrap.cluster.internal.ClusterUpgrade;
import dev.kubestrap.cluster.internal.HostAddition;
import dev.kubestrap.cluster.internal.HostCertificates;
import dev.kubestrap.cluster.internal.HostRemoval;
import dev.kubestrap.cluster.internal.PlanScope;
import dev.kubestrap.cluster.internal.HostReset;
import dev.kubestrap.cluster.internal.LocalState;
import dev.kubestrap.cluster.internal.PlanAssembler;
import dev.kubestrap.cluster.internal.SharedTransports;
import dev.kubestrap.component.ClusterSecrets;
import dev.kubestrap.component.Components;
import dev.kubestrap.images.ImageArchive;
import dev.kubestrap.etcd.EtcdAdmin;
import dev.kubestrap.io.DirectoryLock;
import dev.kubestrap.kubeconfig.Context;
import dev.kubestrap.kubeconfig.CurrentContext;
import dev.kubestrap.kubeconfig.Kubeconfig;
import dev.kubestrap.operation.Operation;
import dev.kubestrap.operation.OperationTarget;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.spec.ApiEndpoint;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.preflight.Finding;
import dev.kubestrap.preflight.Preflight;
import dev.kubestrap.preflight.PreflightException;
import dev.kubestrap.preflight.PreflightReport;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.Role;
import dev.kubestrap.verify.ClusterVerifier;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
      Duration healthTimeout, boolean healthWaits, boolean apiObjects, List<ImageArchive> images,
      BinaryDistribution distribution) {

    /** These settings for a changed host set. */
    Settings with(ClusterSpec changed, Map<String, Host> reached) {
      return new Settings(changed, Map.copyOf(reached), stateDir, binaries, dryRunBinaries, arch, addons, concurrency,
          listener, applyMode, services, transports, inspection, healthTimeout, healthWaits, apiObjects, images,
          distribution);
    }
  }

  private Settings settings;
  private ClusterSpec spec;

  /** systemd-resolved's list of the real upstream name servers. */
  static final String SYSTEMD_RESOLVED_UPSTREAM = "/run/systemd/resolve/resolv.conf";

  private final LocalState state;
  private final BinaryPlanner binaries;
  private final SharedTransports transports;
  private final ProgressLog progress = ProgressLog.standard();
  private ClusterSecrets secrets;
  private PlanExecutor executor;
  /** Per node: whether its /etc/resolv.conf is systemd-resolved's stub, as the last probe of it found. */
  private final Map<String, Boolean> resolvedStubs = new ConcurrentHashMap<>();
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

  /** The validated spec; day-2 operations that add or remove hosts replace it once they are done. */
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
    return assembler(spec, secrets, planner).assemble();
  }

  private PlanAssembler assembler(ClusterSpec of, ClusterSecrets secrets, BinaryPlanner planner) {
    return new PlanAssembler(of, secrets, planner, ClusterRbac.defaults(), settings.addons(),
        settings.healthTimeout(), settings.healthWaits(), settings.images());
  }

  /** A planner that resolves nothing: for plans read only for their paths (reset, certificate files). */
  private BinaryPlanner pathsOnly() {
    return new BinaryPlanner(settings.binaries(), true, settings.arch());
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
    remember(preflight().orThrow());
    ClusterSpec detected = withDetectedResolvConfs(spec);
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

  private void remember(PreflightReport preflight) {
    preflight.facts().forEach((host, facts) -> resolvedStubs.put(host, facts.resolvedStub()));
  }

  /**
   * {@code of} with each node's resolv.conf as found: where {@code /etc/resolv.conf} points at systemd-resolved's
   * stub (127.0.0.53), pods would get a name server that loops back to CoreDNS itself, so the kubelet is given
   * systemd-resolved's upstream file instead, as kubeadm does. A resolv.conf the spec sets keeps precedence. Nodes
   * not probed yet by this cluster object (a day-2 operation before any apply, a host being added) are probed now,
   * so every plan that is applied — by apply or by an operation — writes the same kubelet configuration.
   */
  private ClusterSpec withDetectedResolvConfs(ClusterSpec of) {
    if (of.nodes().stream().anyMatch(host -> !resolvedStubs.containsKey(host.name()))) {
      remember(new Preflight(of).run(transports::borrow, settings.concurrency()));
    }
    ClusterSpec.Builder detected = null;
    for (HostSpec host : of.nodes()) {
      if (resolvedStubs.getOrDefault(host.name(), false) && !of.hasOwnResolvConf(host)
          && of.kubeletResolvConf().equals(ClusterSpec.DEFAULT_RESOLV_CONF)) {
        detected = detected != null ? detected : of.toBuilder();
        detected.kubeletResolvConf(host.name(), SYSTEMD_RESOLVED_UPSTREAM);
      }
    }
    return detected == null ? of : detected.build();
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
          .binaryDelivery(delivery())
          .build();
    }
    return executor;
  }

  /** The executor's way of placing binaries for {@link Settings#distribution()}. */
  private BinaryDelivery delivery() {
    return switch (settings.distribution()) {
      case UPLOAD -> BinaryDelivery.upload();
      case HOSTS_FETCH -> BinaryDelivery.hostsFetch();
      case FIRST_HOST_SERVES -> {
        HostSpec first = spec.hosts().get(0);
        yield BinaryDelivery.servedBy(HostId.of(first.name()), first.ip(), secrets().certificates().ca().certificatePem(),
            () -> artifactServerCredentials(first));
      }
    };
  }

  /** A certificate for the first host's address, from the cluster CA, valid a day; made anew for each serving. */
  private String artifactServerCredentials(HostSpec server) {
    IssuedCertificate issued = IssuedCertificate.builder().commonName("kubestrap artifact server " + server.name())
        .addIpAddress(server.ip()).extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH).validity(Duration.ofDays(1))
        .signedBy(secrets().certificates().ca()).build();
    return issued.certificatePem() + issued.privateKeyPem();
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
    Kubeconfig admin = LocalState.adminKubeconfig(spec, secrets().certificates());
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
   * Adds a host with {@code roles} to the running cluster, as an {@link Operation} to review ({@code plan()}) and
   * then {@code apply()}. Only the new host and what must know it are touched: its certificates are issued in the
   * state directory; for an etcd member, {@code etcdctl member add} runs on a healthy member before the new member
   * starts (refused while too few members are healthy to keep quorum with one more); the host gets its whole plan;
   * for a control-plane host, every node's load balancer list is rewritten and its node labelled. Afterwards
   * {@link #spec()} includes the host: add it to your own definition of the cluster too.
   *
   * @throws dev.kubestrap.spec.InvalidSpecException when the cluster with the host is not a valid spec (a name or
   *     address already taken), before anything is touched
   */
  public Operation addHost(Host host, Role... roles) {
    requireOpen();
    return HostAddition.operation(context(), host, Set.of(roles));
  }

  /**
   * Removes the host named {@code name} from the running cluster, as an {@link Operation}: its node is cordoned and
   * drained through the eviction API (PodDisruptionBudgets respected), its kubelet stopped and its Node deleted; an
   * etcd member leaves with {@code etcdctl member remove}; the host is reset (its data deleted); for a control-plane
   * host, every other node's load balancer list is rewritten. Afterwards {@link #spec()} lacks the host.
   *
   * @throws ClusterException for an unknown host or the last control-plane host or etcd member; the operation's
   *     check refuses a removal that would leave etcd without quorum
   */
  public Operation removeHost(String name) {
    requireOpen();
    return HostRemoval.operation(context(), name);
  }

  /**
   * Upgrades the running cluster to Kubernetes {@code version}, as an {@link Operation}, in the order the
   * version-skew policy requires: etcd when its version changes (the new minor's default etcd if the cluster runs
   * the old minor's default, else the one it runs), every kube-apiserver one host at a time (each waited for until
   * {@code /readyz}), then kube-controller-manager and kube-scheduler, then kubelet and kube-proxy node by node with
   * cordon, drain and uncordon. The plan lists the flags kubestrap sets differently for the new version.
   *
   * @throws ClusterException before anything is touched, for a skipped minor version, a downgrade, the version the
   *     cluster runs, or settings the new version does not accept
   */
  public Operation upgrade(String version) {
    requireOpen();
    return ClusterUpgrade.operation(context(), version, Optional.empty());
  }

  /** {@link #upgrade(String)} with etcd going to {@code etcdVersion} (first, one member at a time). */
  public Operation upgrade(String version, String etcdVersion) {
    requireOpen();
    return ClusterUpgrade.operation(context(), version, Optional.of(etcdVersion));
  }

  /**
   * The cluster's etcd: members, health, snapshots streamed to this machine and restores (see {@link EtcdAdmin}).
   * Works with one member as with several.
   */
  public EtcdAdmin etcd() {
    requireOpen();
    return new ClusterEtcd(context());
  }

  /**
   * The certificates on the cluster's hosts: their expiry read from the hosts, and renewal (see
   * {@link CertificateAdmin}).
   */
  public CertificateAdmin certificates() {
    requireOpen();
    return new HostCertificates(context());
  }

  private ClusterContext context() {
    return new DayTwoContext();
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
    ClusterPlan plan = assemble(secrets, pathsOnly());
    for (HostId host : plan.hosts()) {
      resetHost(spec, plan, secrets, host.name(), deleteData);
    }
  }

  private void resetHost(ClusterSpec of, ClusterPlan plan, ClusterSecrets secrets, String host, boolean deleteData) {
    HostReset reset = new HostReset(of, plan, settings.services(), deleteData, settings.inspection());
    List<String> programs = Components.install(of, of.host(host), secrets).stream()
        .flatMap(install -> install.binaries().stream()).map(b -> b.target().toString()).toList();
    HostId id = HostId.of(host);
    try {
      reset.reset(id, transports.borrow(host), programs, step -> emit(new ClusterEvent.ResetStep(id, step)));
    } catch (RuntimeException e) {
      throw new ClusterException("[reset] on [" + transports.target(host) + "] failed: " + e.getMessage(), e);
    }
  }

  /** The cluster as day-2 operations see it; one per operation. */
  private final class DayTwoContext implements ClusterContext {
    /** The secrets of a spec other than the cluster's (an operation's "after"), read once per operation. */
    private ClusterSpec secretsOf;
    private ClusterSecrets secretsOfOther;

    @Override
    public void requireReady(ClusterSpec of, String host) {
      PreflightReport report = new Preflight(of).run(transports::borrow, settings.concurrency());
      remember(report);
      List<Finding> findings = report.findings().stream().filter(f -> f.host().equals(host)).toList();
      if (!findings.isEmpty()) {
        throw new PreflightException(findings);
      }
    }

    @Override
    public ClusterSpec spec() {
      return spec;
    }

    @Override
    public Map<String, Host> hosts() {
      return settings.hosts();
    }

    @Override
    public LocalState state() {
      return state;
    }

    @Override
    public synchronized ClusterSecrets secrets(ClusterSpec of) {
      if (of == spec) {
        return Cluster.this.secrets();
      }
      // each step plans with them: reading and checking the whole PKI per step would be most of its local cost
      if (!of.equals(secretsOf)) {
        secretsOfOther = state.ensure(of);
        secretsOf = of;
      }
      return secretsOfOther;
    }

    @Override
    public ClusterPlan plan(ClusterSpec of, PlanScope scope, Map<String, String> joining) {
      return assembler(withDetectedResolvConfs(of), secrets(of), binaries).scope(scope).joiningEtcd(joining)
          .assemble();
    }

    @Override
    public ClusterPlan pathsPlan(ClusterSpec of, PlanScope scope) {
      return assembler(of, secrets(of), pathsOnly()).scope(scope).assemble();
    }

    @Override
    public ApplyReport apply(ClusterPlan part) {
      return executor().applyPart(part);
    }

    @Override
    public void recordApplied(ClusterSpec of) {
      executor().store().ifPresent(store -> store.recordApplied(plan(of, PlanScope.everything(), Map.of()).record()));
    }

    @Override
    public Transport transport(String host) {
      return transports.borrow(host);
    }

    @Override
    public void connect(Host host) {
      transports.add(host.name(), host);
    }

    @Override
    public void adopt(ClusterSpec changed, Map<String, Host> reached) {
      Set<String> gone = new HashSet<>(settings.hosts().keySet());
      gone.removeAll(reached.keySet());
      settings = settings.with(changed, reached);
      spec = changed;
      secrets = null;
      forgetSecrets();
      // the executor names the first host as the binaries' server; that host may be gone
      executor = null;
      reached.forEach(transports::add);
      gone.forEach(transports::forget);
      if (client != null) {
        client.close();
        client = null;
      }
    }

    private synchronized void forgetSecrets() {
      secretsOf = null;
      secretsOfOther = null;
    }

    @Override
    public KubernetesClient client(Collection<String> avoid) {
      return apiClient(avoid);
    }

    @Override
    public void reset(ClusterSpec of, String host, boolean deleteData) {
      resetHost(of, pathsPlan(of, PlanScope.hosts(Set.of(host))), secrets(of), host, deleteData);
    }

    @Override
    public HostServices services() {
      return settings.services();
    }

    @Override
    public Duration healthTimeout() {
      return settings.healthTimeout();
    }

    @Override
    public void progress(String line) {
      emit(new ClusterEvent.OperationProgress(line));
    }

    @Override
    public OperationTarget.Hold hold(String operation) {
      DirectoryLock lock = lockState(operation);
      return lock::close;
    }
  }

  /**
   * A client as the admin through the first control-plane host not in {@code avoid} whose apiserver answers, or
   * through the user's load balancer: the workstation has no node-local one, and the host named in
   * {@code admin.kubeconfig} may be the one an operation is working on.
   */
  private KubernetesClient apiClient(Collection<String> avoid) {
    ClusterCertificates pki = secrets().certificates();
    List<URI> servers = new ArrayList<>();
    if (spec.apiEndpoint().kind() == ApiEndpoint.Kind.LOAD_BALANCER) {
      servers.add(spec.apiEndpointUrl());
    } else {
      spec.controlPlaneHosts().stream().filter(h -> !avoid.contains(h.name()))
          .forEach(h -> servers.add(URI.create("https://" + ClusterSpec.hostPort(h.address(), spec.apiServerPort()))));
    }
    List<String> failures = new ArrayList<>();
    for (URI server : servers) {
      KubernetesClient candidate = clientFor(Kubeconfig.forClientCertificate(spec.kubeconfigClusterName(), server,
          pki.ca().certificatePem(), "admin", pki.admin().certificatePem(), pki.admin().privateKeyPem(),
          spec.kubeconfigContextName()));
      try {
        candidate.getKubernetesVersion();
        return candidate;
      } catch (RuntimeException e) {
        candidate.close();
        failures.add(server + ": " + e.getMessage());
      }
    }
    throw new ClusterException("no apiserver of " + spec.name() + " answers" + (avoid.isEmpty() ? "" : " (not asking "
        + avoid + ")") + ": " + failures);
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
