package dev.kubestrap.examples;

import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.cluster.ClusterReport;
import dev.kubestrap.cluster.Host;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.pki.ExpiryReport;
import dev.kubestrap.pki.KubernetesPki;
import dev.kubestrap.pki.PkiStore;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.ssh.SshConfig;
import dev.kubestrap.transport.ssh.SshTransport;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The README's tour of kubestrap, one method per tagged region. {@link #pki(Path)} and {@link #yaml(Path)} need no
 * host and are run by the tests, {@link #sandbox()} by the tests where sandbox hosts can start (root); the others
 * need real hosts and are only compiled.
 */
public final class Tour {
  private Tour() {}

  /** Runs the parts that need no host (PKI, YAML dry run) under a new temporary directory. */
  public static void main(String[] args) throws java.io.IOException {
    Path work = java.nio.file.Files.createTempDirectory("kubestrap-tour");
    pki(work.resolve("pki"));
    ClusterPlan plan = yaml(work.resolve("yaml"));
    System.out.println(plan.summary());
    System.out.println("tour output in " + work);
  }

  /** Bootstraps a three-host cluster over SSH; needs the hosts. */
  static void cluster() {
    // tag::tour-cluster[]
    try (Cluster cluster = ClusterBuilder.named("lab")
        .spec(s -> s.kubernetesVersion("1.36.0").serviceCidr("10.254.0.0/16"))     // the spec builder's settings
        .master(Host.ssh("10.1.0.15", ssh -> ssh.privateKey(Path.of("/home/me/.ssh/id_ed25519"))))  // SshConfig's
        .worker(Host.ssh("10.1.0.16"))
        .worker(Host.ssh("10.1.0.17"))
        .binaries(BinarySource.official())
        .listener(ConsoleProgress.toConsole())       // per host: phase, step, bytes sent
        .build()) {                                // checks everything, contacts nothing
      cluster.plan().writeTo(Path.of("out"));      // the dry run
      ClusterReport report = cluster.apply();      // idempotent
      cluster.verify(Duration.ofMinutes(5));
      String context = cluster.mergeKubeconfigInto(Path.of(System.getProperty("user.home"), ".kube", "config"));
      KubernetesClient client = cluster.client();
      System.out.println(report + "; " + client.nodes().list().getItems().size() + " nodes; kubectl --context "
          + context);
    }
    // end::tour-cluster[]
  }

  /** Makes (or reuses) a cluster PKI in {@code directory} and returns its expiry report; needs no host. */
  public static ExpiryReport pki(Path directory) {
    // tag::tour-pki[]
    KubernetesPki facts = KubernetesPki.builder()
        .clusterName("lab")
        .controlPlane("master", "10.1.0.15")
        .worker("node", "10.1.0.16")
        .serviceCidr("10.254.0.0/16")
        .build();
    ClusterCertificates certificates = PkiStore.at(directory).ensure(facts);   // issues only what is missing
    ExpiryReport expiry = PkiStore.at(directory).checkExpiration();
    System.out.print(expiry.render());
    // end::tour-pki[]
    System.out.println(certificates.report().size() + " PKI entries in " + directory);
    return expiry;
  }

  /** Runs a command and copies a file over SSH; needs the host. */
  static void transport() {
    // tag::tour-transport[]
    SshConfig config = SshConfig.builder()
        .host("10.1.0.15")
        .user("root")
        .privateKey(Path.of("/home/me/.ssh/id_ed25519"))
        .hostKeyFingerprint("SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8")   // as ssh-keygen -lf prints it
        .build();
    try (SshTransport ssh = config.connect()) {
      ExecResult uname = ssh.run(Command.of("uname", "-r"));                     // throws on a non-zero exit
      ssh.put("net.ipv4.ip_forward = 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "/etc/sysctl.d/99-kubernetes.conf", FileMode.of(0644).owner("root", "root"));
      System.out.println(uname.stdoutTrimmed());
    }
    // end::tour-transport[]
  }

  /**
   * Boots two throwaway hosts with systemd-nspawn, asks each over SSH for its name, and removes them; returns the
   * answers by host. Needs root, systemd-nspawn and debootstrap ({@link Sandbox.Builder#checkPreconditions()} lists
   * what is missing); the first start builds a Debian root filesystem from the machine's Debian mirror and caches it.
   */
  public static Map<String, String> sandbox() {
    // tag::tour-sandbox[]
    Map<String, String> names = new LinkedHashMap<>();
    try (Sandbox sandbox = Sandbox.builder().hosts("master", "worker").start()) {
      for (String host : List.of("master", "worker")) {
        try (SshTransport ssh = sandbox.host(host).connect()) {   // pinned to the host key the sandbox made
          names.put(host, ssh.run(Command.of("uname", "-n")).stdoutTrimmed());
        }
      }
    }                                                           // hosts powered off and removed
    System.out.println(names);
    // end::tour-sandbox[]
    return names;
  }

  /** Reads the same cluster from YAML and from the seed scripts' environment file, and dry-runs it; no host. */
  public static ClusterPlan yaml(Path output) {
    // tag::tour-yaml[]
    ClusterBuilder fromYaml = ClusterBuilder.fromYaml("""
        name: lab
        serviceCidr: 10.254.0.0/16
        hosts:
          - {name: master, address: 10.1.0.15, roles: [master]}
          - {name: node, address: 10.1.0.16, roles: [worker], ssh: {user: debian, sudo: true}}
        """);
    ClusterBuilder fromSeed = ClusterBuilder.fromSeedEnvironment("""
        export MASTER_IP=10.1.0.15
        export NODE_IP=10.1.0.16
        export SERVICE_CIDR=10.254.0.0/16
        """);
    ClusterPlan plan;
    try (Cluster cluster = fromYaml.stateDir(output.resolve("state")).dryRunBinaries().build()) {
      plan = cluster.plan();                              // contacts no host
      plan.writeTo(output.resolve("plan"));
    }
    // end::tour-yaml[]
    try (Cluster fromFile = fromYaml.stateDir(output.resolve("state")).dryRunBinaries().build();
        Cluster seed = fromSeed.stateDir(output.resolve("seed-state")).build()) {
      System.out.println("YAML and seed environment agree on the service CIDR: "
          + fromFile.spec().serviceCidr().equals(seed.spec().serviceCidr()));
      return plan;
    }
  }
}
