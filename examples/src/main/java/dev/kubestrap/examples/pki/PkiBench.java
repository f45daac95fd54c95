package dev.kubestrap.examples.pki;

import dev.kubestrap.pki.CertificateAuthority;
import dev.kubestrap.pki.ExtendedKeyUsage;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.pki.KeyAlgorithm;
import dev.kubestrap.pki.PkiStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Java side of {@code examples/bench/pki/pki-vs-cfssl.sh}; timed as a whole process, JVM start included.
 *
 * <ul>
 *   <li>{@code seed-set <RSA_2048|ECDSA_P256|...> <dir>}: the seed scripts' certificate set (CA, etcd, apiserver,
 *       controller-manager, scheduler, kubelet, kube-proxy, admin, service-account) with the seed's subjects and
 *       hosts, every key generated in parallel, written to {@code dir} like cfssljson does.</li>
 *   <li>{@code kubelets <count> <dir>}: a CA and {@code count} ECDSA P-256 kubelet client certificates, issued in
 *       parallel and written with one {@link PkiStore#putAll} (one file-system sync for all files).</li>
 * </ul>
 */
public final class PkiBench {
  private static final String MASTER_IP = "10.1.0.15";
  private static final String NODE_IP = "10.1.0.16";

  /** One certificate of the seed's set: file base, CN, O and the hosts cfssl was given. */
  private record SeedCertificate(String base, String commonName, String organization, List<String> hosts) {}

  private static final List<SeedCertificate> SEED_SET = List.of(
      new SeedCertificate("etcd", "etcd", "k8s", List.of("127.0.0.1", MASTER_IP)),
      new SeedCertificate("service-account", "service-accounts", "Kubernetes", List.of()),
      new SeedCertificate("kubernetes", "system:kubelet-api-admin", "system:kubelet-api-admin", List.of("127.0.0.1",
          MASTER_IP, "10.254.0.1", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
          "kubernetes.default.svc.cluster", "kubernetes.default.svc.cluster.local")),
      new SeedCertificate("kube-controller-manager", "system:kube-controller-manager", "system:kube-controller-manager",
          List.of("127.0.0.1", MASTER_IP)),
      new SeedCertificate("kube-scheduler", "system:kube-scheduler", "system:kube-scheduler",
          List.of("127.0.0.1", MASTER_IP)),
      new SeedCertificate(NODE_IP, "system:node:" + NODE_IP, "system:nodes", List.of(NODE_IP)),
      new SeedCertificate("kube-proxy", "system:kube-proxy", "system:node-proxier", List.of()),
      new SeedCertificate("admin", "admin", "system:masters", List.of()));

  private PkiBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: PkiBench seed-set <KeyAlgorithm> <dir> | PkiBench kubelets <count> <dir>");
      System.exit(2);
    }
    Path directory = Path.of(args[2]);
    int written = switch (args[0]) {
      case "seed-set" -> seedSet(KeyAlgorithm.valueOf(args[1]), directory);
      case "kubelets" -> kubelets(Integer.parseInt(args[1]), directory);
      default -> throw new IllegalArgumentException("unknown mode: " + args[0]);
    };
    System.out.println(written + " certificates written to " + directory.toAbsolutePath());
  }

  // tag::parallel-keys[]
  static int seedSet(KeyAlgorithm algorithm, Path directory) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try {
      // Every key is started at once; each certificate is signed as soon as its key and the CA exist.
      CompletableFuture<CertificateAuthority> ca = CompletableFuture.supplyAsync(algorithm::generate, pool)
          .thenApply(pair -> CertificateAuthority.selfSigned("kubernetes").organization("kubernetes")
              .validity(java.time.Duration.ofHours(43800)).keyPair(pair).build());
      Map<String, CompletableFuture<IssuedCertificate>> leaves = new LinkedHashMap<>();
      for (SeedCertificate seed : SEED_SET) {
        leaves.put(seed.base(), CompletableFuture.supplyAsync(algorithm::generate, pool)
            .thenCombine(ca, (KeyPair pair, CertificateAuthority authority) -> issue(seed, pair, authority)));
      }
      Map<String, IssuedCertificate> done = new LinkedHashMap<>();
      leaves.forEach((base, future) -> done.put(base, future.join()));
      writeCa(directory, ca.join());
      PkiStore.at(directory).putAll(done);
      return done.size() + 1;
    } finally {
      pool.shutdown();
    }
  }
  // end::parallel-keys[]

  private static IssuedCertificate issue(SeedCertificate seed, KeyPair pair, CertificateAuthority ca) {
    IssuedCertificate.Builder builder = IssuedCertificate.builder().commonName(seed.commonName()).organization(seed.organization())
        .extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CLIENT_AUTH).keyPair(pair);
    seed.hosts().forEach(builder::addSubjectAlternativeName);
    return builder.signedBy(ca).build();
  }

  static int kubelets(int count, Path directory) throws IOException {
    CertificateAuthority ca = CertificateAuthority.selfSigned("kubernetes").build();
    // tag::bulk-kubelets[]
    // Issue on every core, then write all 2,000 files in one putAll: the store writes them unforced, makes
    // them durable with one file-system sync and only then renames them into place.
    Map<String, IssuedCertificate> issued = new java.util.concurrent.ConcurrentSkipListMap<>();
    java.util.stream.IntStream.range(0, count).parallel()
        .forEach(i -> issued.put("kubelet-client-node-" + i, IssuedCertificate.builder()
            .commonName("system:node:node-" + i).organization("system:nodes")
            .extendedKeyUsage(ExtendedKeyUsage.CLIENT_AUTH).signedBy(ca).build()));
    PkiStore.at(directory).putAll(issued);
    // end::bulk-kubelets[]
    writeCa(directory, ca);
    return count;
  }

  private static void writeCa(Path directory, CertificateAuthority ca) throws IOException {
    Files.createDirectories(directory);
    Path key = directory.resolve("ca-key.pem");
    Files.writeString(key, ca.privateKeyPem());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(directory.resolve("ca.pem"), ca.certificatePem());
  }
}
