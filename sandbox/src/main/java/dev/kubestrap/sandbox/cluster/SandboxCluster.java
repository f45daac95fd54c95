package dev.kubestrap.sandbox.cluster;

import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.BuildManifest;
import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxException;
import dev.kubestrap.sandbox.SandboxPreconditionException;
import dev.kubestrap.verify.ApiServerReadyCheck;
import dev.kubestrap.verify.NodesReadyCheck;
import dev.kubestrap.verify.PodsReadyCheck;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole Kubernetes cluster on {@link Sandbox} hosts of this machine, installed by kubestrap and ready to use:
 * for integration tests without JUnit, labs and demos.
 *
 * <pre>{@code
 * try (SandboxCluster sandbox = SandboxCluster.start(SandboxClusterSpec.builder().workers(2).build())) {
 *   KubernetesClient client = sandbox.client();
 *   client.nodes().list();
 * }
 * }</pre>
 *
 * <p>{@link #start} boots the hosts, applies the cluster (containerd, etcd, the control plane, kubelet and
 * kube-proxy as systemd services, then RBAC and the add-ons) and returns once the API server answers and every
 * node and every pod of {@code kube-system} and {@code kube-flannel} is Ready. The state (PKI, kubeconfigs) lives in
 * the sandbox's directory; {@link #close()} closes the client and the connections, powers the hosts off and
 * removes everything, also at JVM exit (the sandbox's shutdown hook) and, after a crash, at the next start of any
 * sandbox.
 *
 * <p>What runs for real: every program of the cluster and every container, in systemd-nspawn hosts that share
 * this machine's kernel; see {@code docs/testing-with-kubestrap.md}.
 */
public final class SandboxCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxCluster.class);

  private final SandboxClusterSpec spec;
  private final Sandbox sandbox;
  private final Cluster cluster;
  private final Instant startedAt;
  private final Duration startup;

  private SandboxCluster(SandboxClusterSpec spec, Sandbox sandbox, Cluster cluster, Instant startedAt,
      Duration startup) {
    this.spec = spec;
    this.sandbox = sandbox;
    this.cluster = cluster;
    this.startedAt = startedAt;
    this.startup = startup;
  }

  /**
   * Every missing prerequisite of {@code spec} on this machine, at once: the sandbox's (Linux, root,
   * systemd-nspawn, debootstrap, a free address range) and the cluster's (kernel modules, the directories the spec
   * names). Changes nothing.
   */
  public static List<String> checkPreconditions(SandboxClusterSpec spec) {
    List<String> problems = new ArrayList<>(hosts(spec).checkPreconditions());
    problems.addAll(new ClusterPreconditions(Path.of("/")).check(spec));
    return problems;
  }

  /**
   * Starts a cluster and waits until it is ready; on any failure removes what it made.
   *
   * @throws SandboxPreconditionException listing every missing prerequisite (nothing was changed)
   * @throws dev.kubestrap.KubestrapException when a step fails, naming it
   */
  public static SandboxCluster start(SandboxClusterSpec spec) {
    List<String> problems = checkPreconditions(spec);
    if (!problems.isEmpty()) {
      throw new SandboxPreconditionException(problems);
    }
    long begin = System.nanoTime();
    Instant startedAt = Instant.now();
    Sandbox sandbox = hosts(spec).start();
    Cluster cluster = null;
    try {
      cluster = clusterOn(spec, sandbox).build();
      cluster.apply();
      List<String> nodes = spec.hostNames();
      cluster.verify(spec.readyTimeout(), verifier -> verifier.checks(new ApiServerReadyCheck(1),
          new NodesReadyCheck(nodes, 3), new PodsReadyCheck(List.of("kube-system", "kube-flannel"), 3)));
    } catch (RuntimeException e) {
      closeAfterFailure(cluster, sandbox, e);
      throw e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    LOG.info("sandbox cluster {} ready in {} s on {}", spec.name(), took.toSeconds(), sandbox);
    return new SandboxCluster(spec, sandbox, cluster, startedAt, took);
  }

  private static Sandbox.Builder hosts(SandboxClusterSpec spec) {
    return Sandbox.builder().hosts(spec.hostNames().toArray(String[]::new))
        .addPackages(spec.packages().toArray(String[]::new));
  }

  /** The cluster of {@code spec} on the hosts of {@code sandbox}, as a builder to change before building. */
  static ClusterBuilder clusterOn(SandboxClusterSpec spec, Sandbox sandbox) {
    ClusterBuilder builder = ClusterBuilder.named(spec.name())
        .spec(s -> s.allowCgroupV1(sandbox.hostsUseCgroupV1()).containerHosts(true))
        .stateDir(sandbox.directory().resolve("cluster"));
    spec.controlPlaneNames().forEach(name -> builder.master(sandbox.host(name).toHost()));
    spec.workerNames().forEach(name -> builder.worker(sandbox.host(name).toHost()));
    spec.programs().ifPresent(dir -> {
      builder.binaries(BinarySource.directory(dir));
      BuildManifest.in(dir).ifPresent(manifest -> builder.spec(new ManifestVersions(manifest)::applyTo));
    });
    spec.images().ifPresent(builder::preloadImages);
    spec.addons().ifPresent(addons -> builder.addons(addons.toArray(dev.kubestrap.addons.Addon[]::new)));
    return builder.spec(s -> {
      spec.kubernetesVersion().ifPresent(s::kubernetesVersion);
      spec.registryMirrors().forEach(s::registryMirror);
      spec.httpProxy().ifPresent(s::httpProxy);
    });
  }

  private static void closeAfterFailure(Cluster cluster, Sandbox sandbox, RuntimeException failure) {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    try {
      sandbox.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** What this cluster was started from. */
  public SandboxClusterSpec spec() {
    return spec;
  }

  /** The running cluster: plan, apply (a changed copy: {@link #changedCluster()}), verify, reset. */
  public Cluster cluster() {
    return cluster;
  }

  /**
   * A builder for this cluster with its current settings, to apply a change (a flag, a registry mirror, a proxy)
   * to the running hosts; the caller closes what it builds. Applying the unchanged builder again sends nothing.
   */
  public ClusterBuilder changedCluster() {
    return clusterOn(spec, sandbox);
  }

  /** A client of the admin identity; owned by this object. */
  public KubernetesClient client() {
    return cluster.client();
  }

  /** The admin kubeconfig file (valid while this cluster runs), for {@code kubectl --kubeconfig}. */
  public Path kubeconfig() {
    return cluster.adminKubeconfig();
  }

  /** The hosts. */
  public Sandbox sandbox() {
    return sandbox;
  }

  /** When {@link #start} began. */
  public Instant startedAt() {
    return startedAt;
  }

  /** How long {@link #start} took, from booting the hosts to the cluster being ready. */
  public Duration startup() {
    return startup;
  }

  /** Closes the client and connections, then powers the hosts off and removes them; idempotent. */
  @Override
  public void close() {
    try {
      cluster.close();
    } finally {
      sandbox.close();
    }
  }

  @Override
  public String toString() {
    return "SandboxCluster[" + spec.name() + ", " + spec.controlPlanes() + " control plane, " + spec.workers()
        + " workers, sandbox " + sandbox.id() + "]";
  }
}
