package dev.kubestrap.examples.cluster;

import dev.kubestrap.certificates.CertificateExpiry;
import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.cluster.Host;
import dev.kubestrap.etcd.EtcdSnapshot;
import dev.kubestrap.operation.Operation;
import dev.kubestrap.operation.OperationException;
import dev.kubestrap.operation.OperationReport;
import dev.kubestrap.spec.ApiEndpoint;
import dev.kubestrap.spec.Role;
import java.nio.file.Path;
import java.time.Duration;

/** The code behind the snippets of {@code docs/day-2.md}: a highly available cluster and its day-2 operations. */
public final class DayTwoGuide {
  private DayTwoGuide() {}

  /** Three control-plane hosts (each an etcd member and a node) and a worker, behind node-local load balancers. */
  public static Cluster highlyAvailable() {
    // tag::ha[]
    Cluster cluster = ClusterBuilder.named("lab")
        .master(Host.ssh("10.1.0.11").name("cp1"))   // control plane + etcd member; also a tainted node
        .master(Host.ssh("10.1.0.12").name("cp2"))
        .master(Host.ssh("10.1.0.13").name("cp3"))
        .worker(Host.ssh("10.1.0.21").name("w1"))
        .build();                                    // API endpoint: haproxy on 127.0.0.1:7443 of every node
    cluster.apply();
    cluster.verify(Duration.ofMinutes(5));
    // end::ha[]
    return cluster;
  }

  /** The same cluster behind a load balancer of one's own instead. */
  public static ClusterBuilder behindYourLoadBalancer(ClusterBuilder builder) {
    // tag::load-balancer[]
    builder.spec(s -> s.apiEndpoint(ApiEndpoint.loadBalancer("k8s.lab.example", 6443)));  // in every apiserver cert
    // end::load-balancer[]
    return builder;
  }

  /** Adds a worker, then removes it again. */
  public static void nodesComeAndGo(Cluster cluster) {
    // tag::add-remove[]
    Operation add = cluster.addHost(Host.ssh("10.1.0.22").name("w2"), Role.WORKER);
    System.out.println(add.plan());                  // what it will check and do; nothing is touched yet
    OperationReport added = add.apply();             // w2 is Ready when this returns
    System.out.println(added);

    Operation remove = cluster.removeHost("w2");     // cordon, drain, delete the Node, reset the host
    System.out.println(remove.plan());
    remove.apply();
    // end::add-remove[]
  }

  /** Refusals come before anything changes. */
  public static void refusedRemoval(Cluster cluster) {
    // tag::refused[]
    try {
      cluster.removeHost("cp2").apply();             // while cp3's etcd is down: 1 of 2 would be left
    } catch (OperationException e) {
      System.out.println(e.refused() + ": " + e.getMessage());
    }
    // end::refused[]
  }

  /** A snapshot to this machine, and a restore from it. */
  public static void backupAndRestore(Cluster cluster, Path backups) {
    // tag::snapshot[]
    EtcdSnapshot snapshot = cluster.etcd().snapshot(backups.resolve("lab-etcd.db"));
    System.out.println(snapshot);                    // file, revision, keys, size, sha256, member, time
    // end::snapshot[]
    // tag::restore[]
    Operation restore = cluster.etcd().restore(snapshot.file());
    System.out.println(restore.plan());
    restore.apply();                                 // the old data directories stay, renamed
    // end::restore[]
  }

  /** Expiry of every certificate on every host, then renewal. */
  public static void certificates(Cluster cluster) {
    // tag::certificates[]
    CertificateExpiry expiry = cluster.certificates().expiry();
    System.out.print(expiry.render());               // one table per host, like kubeadm certs check-expiration
    OperationReport renewed = cluster.certificates().renew().apply();
    System.out.println(renewed);
    // end::certificates[]
  }

  /** One minor version up, in the order the version-skew policy requires. */
  public static void upgrade(Cluster cluster) {
    // tag::upgrade[]
    Operation upgrade = cluster.upgrade("1.36.0");   // refused here for a skipped minor or a downgrade
    System.out.println(upgrade.plan());              // etcd, apiservers, controllers, then node by node
    System.out.println(upgrade.apply());
    // end::upgrade[]
  }
}
