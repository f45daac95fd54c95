package dev.kubestrap.plan;

import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.LocalBinary;
import dev.kubestrap.binaries.ResolvedArtifact;
import dev.kubestrap.component.ComponentInstall;
import dev.kubestrap.component.PlacedDirectory;
import dev.kubestrap.component.PlacedFile;
import dev.kubestrap.component.RequiredBinary;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.transport.FileMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translates what a component needs on one host ({@link ComponentInstall}) into plan actions, in this
 * order: its directories, files, binaries, unit file, a {@link ServiceAction} that restarts on any of
 * those files, binaries or the unit, and a {@link HealthWait} on the component's check (run on the
 * host) naming the unit, so a failure carries its journal.
 */
public final class ComponentActions {
  /** Default time a component is given to become healthy: 120 s. */
  public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(120);

  private ComponentActions() {}

  /** Where a binary comes from: a {@link PutBinary}, or empty when the host already has it. */
  @FunctionalInterface
  public interface BinaryPlacer {
    Optional<PutBinary> place(RequiredBinary binary);
  }

  /** The phase a component belongs to: etcd, control plane, or nodes. */
  public static Phase phaseOf(ComponentName component) {
    switch (component) {
      case ETCD:
        return Phase.ETCD;
      case KUBE_APISERVER:
      case KUBE_CONTROLLER_MANAGER:
      case KUBE_SCHEDULER:
        return Phase.CONTROL_PLANE;
      default:
        return Phase.NODES;
    }
  }

  /** The actions of one component on one host, with {@link #DEFAULT_HEALTH_TIMEOUT}. */
  public static List<Action> of(ComponentInstall install, BinaryPlacer binaries) {
    return of(install, binaries, DEFAULT_HEALTH_TIMEOUT);
  }

  public static List<Action> of(ComponentInstall install, BinaryPlacer binaries, Duration healthTimeout) {
    List<Action> actions = new ArrayList<>();
    ServiceAction.Builder service = ServiceAction.builder(install.unit().fileName());
    for (PlacedDirectory directory : install.directories()) {
      actions.add(EnsureDirectory.of(directory.path().toString(), FileMode.of(directory.mode())));
    }
    for (PlacedFile file : install.files()) {
      PutFile put = PutFile.of(file.path().toString(), file.content(), FileMode.of(file.mode()));
      actions.add(put);
      service.restartOn(put);
    }
    for (RequiredBinary binary : install.binaries()) {
      binaries.place(binary).ifPresent(put -> {
        actions.add(put);
        service.restartOn(put);
      });
    }
    InstallUnit unit = installUnit(install);
    actions.add(unit);
    actions.add(service.restartOn(unit).build());
    actions.add(healthWait(install, healthTimeout));
    return List.copyOf(actions);
  }

  /** The component's unit file, rendered, for its unit directory. */
  public static InstallUnit installUnit(ComponentInstall install) {
    Path unitPath = install.unitPath();
    if (!unitPath.getFileName().toString().equals(install.unit().fileName())) {
      throw new IllegalArgumentException("unit path " + unitPath + " of " + install.component()
          + " does not end in the unit's file name " + install.unit().fileName());
    }
    return new InstallUnit(install.unit().fileName(), install.unit().render(), unitPath.getParent().toString());
  }

  /** How apply polls a component's health: its endpoint through the host's tunnel, or its command on the host. */
  public static HealthProbe planCheck(dev.kubestrap.component.HealthCheck check) {
    if (check instanceof dev.kubestrap.component.HealthCheck.Command command) {
      return new HealthProbe.OnHost(command.command());
    }
    dev.kubestrap.component.HealthCheck.Http http = (dev.kubestrap.component.HealthCheck.Http) check;
    HealthProbe.Endpoint endpoint = HealthProbe.endpoint(http.url());
    if (http.caFile().isPresent()) {
      endpoint = endpoint.trusting(http.caFile().get().toString());
    }
    if (http.clientCertFile().isPresent()) {
      endpoint = endpoint.clientCertificate(http.clientCertFile().get().toString(),
          http.clientKeyFile().orElseThrow().toString());
    }
    return endpoint;
  }

  /** Waits for the component's health check, naming its unit so a failure carries the journal. */
  public static HealthWait healthWait(ComponentInstall install, Duration timeout) {
    return HealthWait.builder(install.component().id() + " healthy")
        .check(planCheck(install.healthCheck()))
        .timeout(timeout)
        .unit(install.unit().fileName())
        .build();
  }

  /**
   * Places binaries from a {@link BinarySource}. Each artifact is resolved (fetched into the source's
   * cache if needed) once, when the plan is made, because the plan records each executable's sha256;
   * the executor reads the local file only for hosts that lack it. Programs of {@link
   * BinarySource#onHost(Path)} give no action.
   */
  public static BinaryPlacer from(BinarySource source, Arch arch) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(arch, "arch");
    Map<String, ResolvedArtifact> resolved = new ConcurrentHashMap<>();
    return binary -> {
      ResolvedArtifact artifact = resolved.computeIfAbsent(binary.artifact() + " " + binary.version(),
          key -> source.resolve(binary.artifact(), binary.version(), arch));
      if (artifact.onHost()) {
        return Optional.empty();
      }
      LocalBinary local = artifact.binary(binary.entry());
      return Optional.of(PutBinary.builder()
          .path(binary.target().toString())
          .artifact(binary.artifact())
          .version(binary.version())
          .sha256(local.sha256())
          .source(local.path())
          .build());
    };
  }
}
