package dev.kubestrap.cluster.internal;

import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.component.Etcd;
import dev.kubestrap.etcd.EtcdHealth;
import dev.kubestrap.operation.Operation;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.plan.internal.Digests;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.Transport;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Rebuilds etcd from a snapshot: upload it to every member, stop the control plane and etcd, move each data
 * directory aside, restore each member's data as a new cluster of the same members, start etcd (all members at
 * once: each waits for a quorum), then the control plane.
 */
final class EtcdRestore {
  private static final List<ComponentName> CONTROL_PLANE = List.of(ComponentName.KUBE_APISERVER,
      ComponentName.KUBE_CONTROLLER_MANAGER, ComponentName.KUBE_SCHEDULER);

  private final ClusterContext cluster;
  private final ClusterSpec spec;
  private final Etcd etcd;
  private final Path snapshot;
  private final String remote;
  private final String asideName;
  private String sha256;

  EtcdRestore(ClusterContext cluster, ClusterSpec spec, Path snapshot, String remote, String asideName) {
    this.cluster = cluster;
    this.spec = spec;
    this.etcd = new Etcd(spec);
    this.snapshot = snapshot;
    this.remote = remote;
    this.asideName = asideName;
  }

  Operation operation() {
    List<String> members = spec.etcdMembers().stream().map(HostSpec::name).toList();
    List<String> controlPlanes = spec.controlPlaneHosts().stream().map(HostSpec::name).toList();
    Path aside = etcd.dataDir().resolveSibling(asideName);
    return Operation.builder("restore etcd from " + snapshot.getFileName())
        .on(cluster)
        .warning("every change made after the snapshot was taken is lost; the cluster's API is down until the "
            + "restore is done")
        .check("reach every etcd member and control-plane host", () -> union(members, controlPlanes)
            .forEach(host -> cluster.transport(host).exists("/")))
        .step("upload " + snapshot + " to " + remote + " (0600) on every etcd member " + members, this::upload)
        .step("check the snapshot with etcdutl snapshot status on " + members.get(0), this::checkSnapshot)
        .step("stop kube-apiserver, kube-controller-manager and kube-scheduler on " + controlPlanes,
            () -> each(controlPlanes, host -> CONTROL_PLANE.forEach(c -> stop(host, c))))
        .step("stop etcd on " + members, () -> each(members, host -> stop(host, ComponentName.ETCD)))
        .step("move each member's data directory aside to " + aside + " (kept, not deleted)",
            () -> each(members, host -> cluster.transport(host).run(Command.script(
                "test ! -e \"$1\" || mv \"$1\" \"$2\"", etcd.dataDir().toString(), aside.toString()))))
        .step("restore each member's data directory from the snapshot, as a new cluster of " + members,
            () -> each(members, this::restoreMember))
        .step("start etcd on every member at once and wait until all are healthy", this::startEtcd)
        .step("start the control plane on " + controlPlanes + " and wait until every apiserver answers",
            () -> startControlPlane(controlPlanes))
        .step("remove the uploaded snapshot", () -> each(members, host -> cluster.transport(host).remove(remote)))
        .build();
  }

  private void upload() {
    sha256 = Digests.sha256(snapshot);
    each(spec.etcdMembers().stream().map(HostSpec::name).toList(), host -> {
      Transport transport = cluster.transport(host);
      transport.mkdirs(Path.of(remote).getParent().toString(), FileMode.of(0700));
      transport.put(snapshot, remote, FileMode.of(0600));
      String theirs = transport.sha256(remote).orElse("(missing)");
      if (!theirs.equals(sha256)) {
        throw new ClusterException("the snapshot on " + transport.target() + " has sha256 " + theirs + ", not "
            + sha256);
      }
    });
  }

  private void checkSnapshot() {
    String first = spec.etcdMembers().get(0).name();
    Command status = Command.of(etcd.snapshotTool().toString(), "snapshot", "status", remote, "-w", "table");
    cluster.progress("[restore] " + cluster.transport(first).run(status.withTimeout(ClusterEtcd.COMMAND_TIMEOUT))
        .stdout().strip());
  }

  /** {@code etcdutl snapshot restore} into the data directory, with the member's own name and peer URL. */
  private void restoreMember(String host) {
    HostSpec member = spec.host(host);
    Command restore = Command.of(etcd.snapshotTool().toString(), "snapshot", "restore", remote, "--name",
        member.name(), "--initial-cluster", etcd.initialCluster(spec.etcdMembers()), "--initial-cluster-token",
        spec.name(), "--initial-advertise-peer-urls", etcd.peerUrl(member), "--data-dir", etcd.dataDir().toString());
    cluster.transport(host).run(restore.withTimeout(ClusterEtcd.COMMAND_TIMEOUT));
  }

  private void startEtcd() {
    each(spec.etcdMembers().stream().map(HostSpec::name).toList(),
        host -> cluster.services().start(cluster.transport(host), unit(ComponentName.ETCD)));
    long deadline = System.nanoTime() + cluster.healthTimeout().toNanos();
    List<EtcdHealth> health = List.of();
    while (System.nanoTime() < deadline) {
      try {
        health = new EtcdAccess(cluster).through(spec, Set.of()).health();
        if (health.size() == spec.etcdMembers().size() && health.stream().allMatch(EtcdHealth::healthy)) {
          return;
        }
      } catch (RuntimeException e) {
        cluster.progress("[restore] etcd not answering yet: " + e.getMessage());
      }
      pause();
    }
    throw new ClusterException("etcd is not healthy " + cluster.healthTimeout().toSeconds() + " s after the restore: "
        + health);
  }

  private void startControlPlane(List<String> controlPlanes) {
    each(controlPlanes, host -> CONTROL_PLANE.forEach(c -> cluster.services().start(cluster.transport(host), unit(c))));
    X509Certificate ca = cluster.secrets(spec).certificates().ca().certificate();
    for (String host : controlPlanes) {
      // each apiserver itself, not whichever answers first (nor a load balancer in front of them)
      ApiServerReadiness.await(URI.create("https://" + ClusterSpec.hostPort(spec.host(host).address(),
          spec.apiServerPort())), ca, cluster.healthTimeout());
    }
  }

  private void stop(String host, ComponentName component) {
    cluster.services().stop(cluster.transport(host), unit(component));
  }

  private static String unit(ComponentName component) {
    return component.id() + ".service";
  }

  /** Runs {@code work} for every host at once and waits for all; the first failure is thrown. */
  static void each(List<String> hosts, Consumer<String> work) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, hosts.size()));
    try {
      List<Future<?>> futures = new ArrayList<>();
      hosts.forEach(host -> futures.add(pool.submit(() -> work.accept(host))));
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : new ClusterException(String.valueOf(e.getCause()), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ClusterException("interrupted", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> union(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    b.stream().filter(host -> !all.contains(host)).forEach(all::add);
    return all;
  }

  private static void pause() {
    try {
      Thread.sleep(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted", e);
    }
  }
}
