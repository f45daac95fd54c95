package dev.kubestrap.examples.pki;

import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.pki.KubernetesPki;
import dev.kubestrap.pki.PkiReportEntry;
import dev.kubestrap.pki.PkiStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The PKI of the seed scripts' two-node cluster (master 10.1.0.15, node 10.1.0.16, service CIDR 10.254.0.0/16),
 * made the kubestrap way: three CAs, one certificate per identity, ECDSA P-256 keys.
 */
public final class SeedClusterPki {
  private SeedClusterPki() {}

  // tag::seed-facts[]
  /** The seed's cluster facts (its `environment` file). */
  public static KubernetesPki facts() {
    return KubernetesPki.builder()
        .clusterName("kubernetes-the-hard-way")
        .controlPlane("master", "10.1.0.15")
        .worker("node", "10.1.0.16")
        .serviceCidr("10.254.0.0/16")
        .dnsDomain("cluster.local")
        .build();
  }
  // end::seed-facts[]

  /** Ensures the PKI in {@code directory} and prints one line per file: what happened, subject, SANs, expiry. */
  public static ClusterCertificates writeTo(Path directory, PrintStream out) {
    // tag::ensure[]
    PkiStore store = PkiStore.at(directory);
    ClusterCertificates certificates = store.ensure(facts());
    // end::ensure[]
    out.println("PKI of the seed cluster in " + directory.toAbsolutePath().normalize());
    for (PkiReportEntry entry : certificates.report()) {
      String what = entry.outcome().name().toLowerCase(java.util.Locale.ROOT);
      for (String file : entry.files()) {
        out.printf("%-8s %-38s %s%n", what, file, describe(certificates, entry.name(), file));
      }
    }
    return certificates;
  }

  private static String describe(ClusterCertificates certificates, String name, String file) {
    if (file.equals(PkiStore.SERVICE_ACCOUNT_KEY)) {
      return "service-account signing key (SEC1 for EC, PKCS#8 for RSA; 0600)";
    }
    if (file.equals(PkiStore.SERVICE_ACCOUNT_PUBLIC_KEY)) {
      return "service-account verification key (PUBLIC KEY)";
    }
    if (file.endsWith("-key.pem")) {
      return "private key of " + PkiStore.certificateFileName(name) + " (SEC1 for EC, PKCS#8 for RSA; 0600)";
    }
    X509Certificate certificate = certificates.leaves().containsKey(name)
        ? certificates.leaf(name).certificate()
        : caCertificate(certificates, name);
    return "subject=\"" + certificate.getSubjectX500Principal().getName() + "\" SANs=" + sans(certificate)
        + " expires=" + certificate.getNotAfter().toInstant();
  }

  private static X509Certificate caCertificate(ClusterCertificates certificates, String name) {
    return switch (name) {
      case "etcd-ca" -> certificates.etcdCa().certificate();
      case "front-proxy-ca" -> certificates.frontProxyCa().certificate();
      default -> certificates.ca().certificate();
    };
  }

  private static List<String> sans(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      if (certificate.getSubjectAlternativeNames() != null) {
        certificate.getSubjectAlternativeNames().forEach(entry -> names.add((((Integer) entry.get(0)) == 7 ? "IP:" : "DNS:") + entry.get(1)));
      }
    } catch (java.security.cert.CertificateParsingException e) {
      names.add("<unreadable: " + e.getMessage() + ">");
    }
    return names;
  }
}
