package dev.kubestrap.pki;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * Completes a cluster's key material: keeps what it is given, makes the rest. All missing keys are
 * generated at once on one thread per core (RSA key generation dominates the time), CAs are signed as
 * soon as their keys exist and each leaf as soon as its key and CA exist.
 */
final class Issuance {
  static final String SERVICE_ACCOUNT = "service-account";

  private Issuance() {}

  /**
   * @param keptCas CAs to keep, by role
   * @param keptLeaves leaf certificates to keep, by role name
   * @param keptServiceAccountKey the service-account key pair to keep, or null to make one
   * @param reasons why an existing item is made again, by name; items neither kept nor listed here are new
   */
  static ClusterCertificates complete(KubernetesPki pki, Map<CaRole, CertificateAuthority> keptCas,
      Map<String, IssuedCertificate> keptLeaves, KeyPair keptServiceAccountKey, Map<String, String> reasons) {
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), daemonThreads());
    try {
      KeyAlgorithm algorithm = pki.keyAlgorithm();
      Map<CaRole, CompletableFuture<CertificateAuthority>> cas = new EnumMap<>(CaRole.class);
      for (CaRole role : pki.distinctCas()) {
        CertificateAuthority kept = keptCas.get(role);
        cas.put(role, kept != null ? CompletableFuture.completedFuture(kept)
            : async(pool, algorithm::generate).thenApply(pair -> CertificateAuthority.selfSigned(role.commonName())
                .organization(pki.clusterName()).validity(pki.caValidity()).clock(pki.clock()).keyPair(pair).build()));
      }
      Map<String, CompletableFuture<IssuedCertificate>> leaves = new LinkedHashMap<>();
      for (CertificateRole role : pki.roles()) {
        IssuedCertificate kept = keptLeaves.get(role.name());
        leaves.put(role.name(), kept != null ? CompletableFuture.completedFuture(kept)
            : async(pool, algorithm::generate).thenCombine(cas.get(role.issuer()), (pair, ca) -> role.toBuilder()
                .validity(pki.leafValidity()).clock(pki.clock()).keyPair(pair).signedBy(ca).build()));
      }
      CompletableFuture<KeyPair> serviceAccount = keptServiceAccountKey != null
          ? CompletableFuture.completedFuture(keptServiceAccountKey) : async(pool, algorithm::generate);

      Map<CaRole, CertificateAuthority> doneCas = new EnumMap<>(CaRole.class);
      List<PkiReportEntry> report = new ArrayList<>();
      for (Map.Entry<CaRole, CompletableFuture<CertificateAuthority>> entry : cas.entrySet()) {
        doneCas.put(entry.getKey(), join(entry.getValue()));
        String base = entry.getKey().fileBase();
        report.add(entry(base, keptCas.containsKey(entry.getKey()), reasons,
            List.of(PkiStore.certificateFileName(base), PkiStore.keyFileName(base))));
      }
      Map<String, IssuedCertificate> doneLeaves = new LinkedHashMap<>();
      for (Map.Entry<String, CompletableFuture<IssuedCertificate>> entry : leaves.entrySet()) {
        doneLeaves.put(entry.getKey(), join(entry.getValue()));
        report.add(entry(entry.getKey(), keptLeaves.containsKey(entry.getKey()), reasons,
            List.of(PkiStore.certificateFileName(entry.getKey()), PkiStore.keyFileName(entry.getKey()))));
      }
      KeyPair serviceAccountKey = join(serviceAccount);
      report.add(entry(SERVICE_ACCOUNT, keptServiceAccountKey != null, reasons,
          List.of(PkiStore.SERVICE_ACCOUNT_KEY, PkiStore.SERVICE_ACCOUNT_PUBLIC_KEY)));
      return new ClusterCertificates(pki, doneCas, doneLeaves, serviceAccountKey, report);
    } finally {
      pool.shutdownNow();
    }
  }

  private static PkiReportEntry entry(String name, boolean kept, Map<String, String> reasons, List<String> files) {
    if (kept) {
      return new PkiReportEntry(name, PkiReportEntry.Outcome.REUSED, reasons.getOrDefault(name, "valid"), files);
    }
    String reason = reasons.get(name);
    return reason == null
        ? new PkiReportEntry(name, PkiReportEntry.Outcome.ISSUED, "missing", files)
        : new PkiReportEntry(name, PkiReportEntry.Outcome.REISSUED, reason, files);
  }

  private static <T> CompletableFuture<T> async(ExecutorService pool, Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, pool);
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static ThreadFactory daemonThreads() {
    return work -> {
      Thread thread = new Thread(work, "kubestrap-pki");
      thread.setDaemon(true);
      return thread;
    };
  }
}
