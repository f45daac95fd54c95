package dev.kubestrap.cluster.internal;

import dev.kubestrap.addons.Addon;
import dev.kubestrap.component.ClusterSecrets;
import dev.kubestrap.component.ComponentInstall;
import dev.kubestrap.component.Components;
import dev.kubestrap.component.Containerd;
import dev.kubestrap.component.Etcd;
import dev.kubestrap.component.PlacedDirectory;
import dev.kubestrap.component.PlacedFile;
import dev.kubestrap.component.RequiredBinary;
import dev.kubestrap.images.ImageArchive;
import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.BinaryOrigin;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.ComponentActions;
import dev.kubestrap.plan.EnsureDirectory;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.InstallUnit;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.Placement;
import dev.kubestrap.plan.PutBinary;
import dev.kubestrap.plan.PutFile;
import dev.kubestrap.plan.RunCommand;
import dev.kubestrap.plan.ServiceAction;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.SwapPolicy;
import dev.kubestrap.transport.FileMode;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps a spec onto a {@link ClusterPlan}: per host, each component's certificates, keys and kubeconfigs in the
 * pki phase; its directories, other files, binaries, unit, service and health wait in its own phase (etcd,
 * control plane, nodes, where node preparation comes first); the cluster RBAC and add-on manifests placed on
 * the first control-plane host in the cluster-rbac and add-ons phases (their objects are applied through the API
 * after the host phases). A service restarts when any file, binary or unit of its component changed.
 */
public final class PlanAssembler {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final ClusterSpec spec;
  private final ClusterSecrets secrets;
  private final BinaryPlanner binaries;
  private final Addon rbac;
  private final List<Addon> addons;
  private final Duration healthTimeout;
  private final boolean healthWaits;
  private final List<ImageArchive> images;
  private PlanScope scope = PlanScope.everything();
  private Map<String, String> joining = Map.of();

  public PlanAssembler(ClusterSpec spec, ClusterSecrets secrets, BinaryPlanner binaries, Addon rbac,
      List<Addon> addons, Duration healthTimeout, boolean healthWaits, List<ImageArchive> images) {
    this.spec = spec;
    this.secrets = secrets;
    this.binaries = binaries;
    this.rbac = rbac;
    this.addons = List.copyOf(addons);
    this.healthTimeout = healthTimeout;
    this.healthWaits = healthWaits;
    this.images = List.copyOf(images);
  }

  /** The directory on every node that keeps the preloaded image archives. */
  public static Path imageDir(ClusterSpec spec) {
    return spec.layout().installRoot().resolve("kubestrap").resolve("images");
  }

  /** The directory on the first control-plane host that keeps the applied manifests. */
  public static Path manifestDir(ClusterSpec spec) {
    return spec.layout().installRoot().resolve("kubestrap").resolve("manifests");
  }

  /** Plans only what {@code scope} names: some hosts, some components, with or without the API manifests. */
  public PlanAssembler scope(PlanScope scope) {
    this.scope = scope;
    return this;
  }

  /**
   * The etcd members in {@code joining} (by host name) join a running cluster with the given initial cluster
   * ({@code name=peerURL,...}, this member included), instead of forming a new one with the spec's members.
   */
  public PlanAssembler joiningEtcd(Map<String, String> joining) {
    this.joining = Map.copyOf(joining);
    return this;
  }

  public ClusterPlan assemble() {
    ClusterPlan.Builder plan = ClusterPlan.builder(spec.name());
    for (HostSpec host : spec.hosts()) {
      if (!scope.includes(host)) {
        continue;
      }
      HostId id = HostId.of(host.name());
      List<ComponentInstall> installs = Components.install(spec, host, secrets).stream()
          .filter(install -> scope.includes(install.component())).toList();
      for (ComponentInstall install : installs) {
        plan.addAll(Phase.PKI, id, pkiActions(install));
      }
      boolean prepared = false;
      for (ComponentInstall install : installs) {
        Phase phase = phaseOf(install.component());
        if (phase == Phase.NODES && !prepared) {
          plan.addAll(Phase.NODES, id, NodePreparation.actions(spec, host));
          prepared = true;
        }
        plan.addAll(phase, id, componentActions(install, host));
        if (install.component() == ComponentName.CONTAINERD) {
          plan.addAll(Phase.NODES, id, imageActions());
        }
      }
    }
    if (scope.manifests()) {
      HostId first = HostId.of(spec.controlPlaneHosts().get(0).name());
      plan.add(Phase.CLUSTER_RBAC, first, manifest(rbac));
      addons.forEach(addon -> plan.add(Phase.ADDONS, first, manifest(addon)));
    }
    spec.insecureSettings().forEach(plan::warning);
    spec.availabilityWarnings().forEach(plan::warning);
    spec.registryMirrors().stream().filter(m -> m.skipVerify()).forEach(m -> plan.warning("registry mirror of "
        + m.registry() + " is used without checking its TLS certificate (skipVerify): " + m.endpoints()));
    if (!spec.auditLogging()) {
      plan.warning("auditLogging is off: the apiserver keeps no record of who did what");
    }
    relaxedHostRules().forEach(plan::warning);
    List<BinaryOrigin> origins = binaries.origins();
    plan.origins(origins);
    origins.stream().filter(o -> !o.pinned())
        .forEach(o -> plan.warning(o.program() + " " + o.version() + " is not pinned: " + o.vouchedBy()));
    return plan.build();
  }

  /** The spec's departures from what kubeadm would demand of a host, each with what it costs. */
  private List<String> relaxedHostRules() {
    List<String> rules = new ArrayList<>();
    if (!spec.controlPlaneNodes()) {
      rules.add("controlPlaneNodes is off: control-plane hosts run no kubelet, kube-proxy or pod network, so the"
          + " API server cannot reach pod or service IPs (admission webhooks, aggregated APIs such as"
          + " metrics-server, kubectl port-forward to a service stop working)");
    }
    if (spec.allowCgroupV1()) {
      rules.add("allowCgroupV1 is on: kubelet runs on cgroup v1 hosts (failCgroupV1: false); cgroup v1 is in"
          + " maintenance in Kubernetes and newer features need cgroup v2");
    }
    if (spec.swap() == SwapPolicy.KEEP) {
      rules.add("swap is kept: kubelet runs beside swap (failSwapOn: false) and gives pods none of it"
          + " (memorySwap.swapBehavior: NoSwap)");
    }
    if (spec.containerHosts()) {
      rules.add("containerHosts is on: kube-proxy leaves the conntrack table size to the machine"
          + " (conntrack.maxPerCore: 0) and containerd keeps pods' OOM score adjustments at or above its own");
    }
    return rules;
  }

  static Phase phaseOf(ComponentName component) {
    return switch (component) {
      case ETCD -> Phase.ETCD;
      case KUBE_APISERVER, KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER -> Phase.CONTROL_PLANE;
      case CONTAINERD, KUBELET, KUBE_PROXY, KUBE_APISERVER_LB -> Phase.NODES;
    };
  }

  /** Certificates, keys, kubeconfigs and the encryption config: key material goes out first, in its own phase. */
  static boolean isPki(PlacedFile file) {
    return file.isSecret() || file.path().getFileName().toString().endsWith(".pem");
  }

  private static List<Action> pkiActions(ComponentInstall install) {
    List<Action> actions = new ArrayList<>();
    List<PlacedFile> files = install.files().stream().filter(PlanAssembler::isPki).toList();
    for (PlacedDirectory dir : install.directories()) {
      if (files.stream().anyMatch(f -> f.path().getParent().equals(dir.path()))) {
        actions.add(directory(dir));
      }
    }
    files.forEach(f -> actions.add(file(f)));
    return actions;
  }

  private List<Action> componentActions(ComponentInstall install, HostSpec host) {
    List<Action> actions = new ArrayList<>();
    install.directories().forEach(d -> actions.add(directory(d)));
    install.files().stream().filter(f -> !isPki(f)).forEach(f -> actions.add(file(f)));
    for (RequiredBinary binary : install.binaries()) {
      actions.addAll(binaries.actions(binary));
    }
    if (install.component() == ComponentName.ETCD) {
      actions.add(etcdBootstrap(host));
    }
    InstallUnit unit = ComponentActions.installUnit(install);
    actions.add(unit);
    ServiceAction.Builder service = ServiceAction.builder(unit.name());
    install.files().forEach(f -> service.restartOn(f.path().toString()));
    actions.stream().filter(a -> a instanceof Placement).map(a -> ((Placement) a).path()).forEach(service::restartOn);
    actions.add(service.build());
    if (healthWaits) {
      actions.add(ComponentActions.healthWait(install, healthTimeout));
    }
    return actions;
  }

  /**
   * Writes etcd's bootstrap settings unless its data directory already holds a member (which ignores them) or they
   * are already written.
   */
  private RunCommand etcdBootstrap(HostSpec host) {
    Etcd etcd = new Etcd(spec);
    String join = joining.get(host.name());
    Map<String, String> environment = join != null
        ? etcd.bootstrapEnvironment(join, true)
        : etcd.bootstrapEnvironment(etcd.initialCluster(spec.etcdMembers()), false);
    List<String> command = etcd.bootstrapCommand(environment);
    List<String> guard = etcd.bootstrapGuard(environment);
    return RunCommand.builder("write etcd's bootstrap settings (" + environment.get("ETCD_INITIAL_CLUSTER_STATE")
            + " cluster)")
        .command(command.get(0), command.subList(1, command.size()).toArray(String[]::new))
        .unless(guard.get(0), guard.subList(1, guard.size()).toArray(String[]::new))
        .build();
  }

  /**
   * Each archive placed in {@link #imageDir} and imported into containerd's {@code k8s.io} namespace unless
   * containerd already has every image it names; after containerd is healthy, before the kubelet starts.
   */
  private List<Action> imageActions() {
    if (images.isEmpty()) {
      return List.of();
    }
    Containerd containerd = new Containerd(spec);
    String ctr = containerd.ctr().toString();
    String socket = spec.layout().containerdSocket().toString();
    List<Action> actions = new ArrayList<>();
    actions.add(EnsureDirectory.of(imageDir(spec).toString(), FileMode.of(0755)));
    for (ImageArchive image : images) {
      String target = imageDir(spec).resolve(image.fileName()).toString();
      actions.add(PutBinary.builder().path(target).artifact("image").version(String.join(",", image.references()))
          .sha256(image.sha256()).mode(FileMode.of(0644)).source(image.file()).build());
      StringBuilder present = new StringBuilder("names=$(" + ctr + " --address " + socket
          + " -n k8s.io images ls -q) || exit 1");
      image.references().forEach(ref -> present.append(" && printf '%s\\n' \"$names\" | grep -qxF '")
          .append(ref).append("'"));
      actions.add(RunCommand.builder("import " + String.join(", ", image.references()))
          .command(ctr, "--address", socket, "-n", "k8s.io", "images", "import", target)
          .unless("sh", "-c", present.toString())
          .build());
    }
    return actions;
  }

  private static EnsureDirectory directory(PlacedDirectory dir) {
    return EnsureDirectory.of(dir.path().toString(), FileMode.of(dir.mode()));
  }

  private static PutFile file(PlacedFile file) {
    return PutFile.of(file.path().toString(), file.content(), FileMode.of(file.mode()));
  }

  private PutFile manifest(Addon addon) {
    String yaml = SERIALIZATION.asYaml(new KubernetesListBuilder().withItems(addon.objects()).build());
    return PutFile.text(manifestDir(spec).resolve(addon.name() + ".yaml").toString(), yaml, FileMode.of(0644));
  }
}
