package dev.kubestrap.cluster.internal;

import dev.kubestrap.apply.RemoteInspection;
import dev.kubestrap.apply.internal.ArtifactServer;
import dev.kubestrap.apply.internal.BatchedInspection;
import dev.kubestrap.apply.internal.HostFetch;
import dev.kubestrap.cluster.HostServices;
import dev.kubestrap.component.Layout;
import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.EnsureDirectory;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.Placement;
import dev.kubestrap.plan.ServiceAction;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.Transport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Undoes a plan on one host: stops and disables its services (last started first) — on a node with the
 * {@link NodeTeardown} around containerd's stop, so no pod, shim, mount, CNI link or chain outlives the reset —
 * removes every file, binary and unit the plan places and the temporary files interrupted uploads left beside them,
 * then the directories it made (component homes, CNI and manifest directories), except data directories unless
 * asked and except system directories such as {@code /opt} or the unit directory; removes kubestrap's own state on
 * the host (the digest cache, staged binaries, archives an interrupted run of hosts fetching left); ends with a
 * daemon-reload.
 */
public final class HostReset {
  /** What kubestrap keeps on a host for itself, outside any plan. */
  static final List<String> HOST_STATE = List.of(
      RemoteInspection.HOST_CACHE_DIRECTORY + "/" + BatchedInspection.CACHE_FILE, ArtifactServer.STAGING,
      HostFetch.ARCHIVES);
  private final ClusterSpec spec;
  private final ClusterPlan plan;
  private final HostServices services;
  private final boolean deleteData;
  private final RemoteInspection inspection;

  /** {@code inspection} is the one applies use: it knows how commands see the host's paths. */
  public HostReset(ClusterSpec spec, ClusterPlan plan, HostServices services, boolean deleteData,
      RemoteInspection inspection) {
    this.spec = spec;
    this.plan = plan;
    this.services = services;
    this.deleteData = deleteData;
    this.inspection = inspection;
  }

  /**
   * Resets {@code host} through {@code transport}, reporting each step to {@code steps}. {@code binaries} are the
   * host's program paths, which a plan made without fetching binaries may not list.
   */
  public void reset(HostId host, Transport transport, List<String> binaries, Consumer<String> steps) {
    List<Action> actions = new ArrayList<>();
    for (Phase phase : Phase.values()) {
      actions.addAll(plan.actions(phase, host));
    }
    List<String> units = new ArrayList<>();
    actions.stream().filter(a -> a instanceof ServiceAction).forEach(a -> units.add(((ServiceAction) a).unit()));
    Collections.reverse(units);
    NodeTeardown teardown = new NodeTeardown(spec);
    for (String unit : units) {
      boolean containerd = unit.equals(ComponentName.CONTAINERD.id() + ".service");
      if (containerd) {
        teardown(transport, teardown.beforeContainerdStops(), "removed every pod and kube-proxy's rules", steps);
      }
      services.stopAndDisable(transport, unit);
      steps.accept("stopped and disabled " + unit);
      if (containerd) {
        teardown(transport, teardown.afterContainerdStopped(),
            "unmounted pod volumes and removed CNI links, Flannel's chains and the kubelet's and CNI state", steps);
      }
    }
    Set<String> files = new LinkedHashSet<>();
    actions.stream().filter(a -> a instanceof Placement).forEach(a -> files.add(((Placement) a).path()));
    files.addAll(binaries);
    for (String file : files) {
      transport.remove(file);
      steps.accept("removed " + file);
    }
    inspection.removeStrays(transport, files);
    Set<String> dirs = directories(actions);
    Set<String> kept = keptDirectories(dirs);
    Set<String> protectedDirs = protectedDirectories();
    for (String dir : dirs) {
      if (protectedDirs.contains(dir) || kept.stream().anyMatch(k -> k.equals(dir) || k.startsWith(dir + "/"))) {
        continue;
      }
      transport.remove(dir);
      steps.accept("removed " + dir);
    }
    // kubestrap's own state on the host: the inspection's digest cache, the binaries a serving host staged and the
    // archives an interrupted run that hosts fetched in left
    for (String state : HOST_STATE) {
      transport.remove(state);
      steps.accept("removed " + state);
    }
    if (!units.isEmpty()) {
      services.daemonReload(transport);
      steps.accept("reloaded systemd units");
    }
  }

  private static void teardown(Transport transport, Command command, String done, Consumer<String> steps) {
    ExecResult result = transport.exec(command);
    steps.accept(done + (result.stderr().isBlank() ? "" : " (" + result.stderr().strip().replace('\n', ';') + ")"));
  }

  private Set<String> directories(List<Action> actions) {
    Layout layout = spec.layout();
    Set<String> dirs = new LinkedHashSet<>();
    actions.stream().filter(a -> a instanceof EnsureDirectory).forEach(a -> dirs.add(((EnsureDirectory) a).path()));
    for (Action action : actions) {
      if (action instanceof Placement placement) {
        Path path = Path.of(placement.path());
        for (ComponentName component : ComponentName.values()) {
          if (path.startsWith(layout.home(component))) {
            dirs.add(layout.home(component).toString());
          }
        }
        // Manifests and image archives live in kubestrap's own directory under the install root.
        Path kubestrapDir = PlanAssembler.manifestDir(spec).getParent();
        if (path.startsWith(kubestrapDir)) {
          dirs.add(kubestrapDir.toString());
        }
      }
    }
    Path cniParent = layout.cniBinDir().getParent();
    if (dirs.contains(layout.cniBinDir().toString()) && cniParent.startsWith(layout.installRoot())
        && !cniParent.equals(layout.installRoot())) {
      dirs.add(cniParent.toString());
    }
    return dirs;
  }

  /** The data directories the plan makes, unless data is to be deleted. */
  private Set<String> keptDirectories(Set<String> dirs) {
    Set<String> kept = new HashSet<>();
    if (!deleteData) {
      for (ComponentName component : ComponentName.values()) {
        String data = spec.layout().dataDir(component).toString();
        if (dirs.contains(data)) {
          kept.add(data);
        }
      }
    }
    return kept;
  }

  private Set<String> protectedDirectories() {
    Layout layout = spec.layout();
    Set<String> dirs = new HashSet<>();
    for (Path path : List.of(layout.installRoot(), layout.unitDir(), layout.runDir(), layout.cniConfDir().getParent(),
        layout.crictlConfig().getParent())) {
      for (Path p = path; p != null; p = p.getParent()) {
        dirs.add(p.toString());
      }
    }
    return dirs;
  }
}
