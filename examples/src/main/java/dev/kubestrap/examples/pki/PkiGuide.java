package dev.kubestrap.examples.pki;

import dev.kubestrap.pki.CertificateAuthority;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.pki.ExpiryReport;
import dev.kubestrap.pki.ExtendedKeyUsage;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.pki.KeyAlgorithm;
import dev.kubestrap.pki.KubernetesPki;
import dev.kubestrap.pki.Pem;
import dev.kubestrap.pki.PkiReportEntry;
import dev.kubestrap.pki.PkiStore;
import dev.kubestrap.pki.TlsContext;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * The code behind the snippets of {@code docs/pki.md}; run it to see each step's output. Writes only under a new
 * temporary directory.
 */
public final class PkiGuide {
  private PkiGuide() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("kubestrap-pki-guide");
    certificates();
    cluster(work.resolve("pki"));
    foreignCa(work.resolve("pki"));
    System.out.println("guide output in " + work);
  }

  static void certificates() {
    // tag::certificates[]
    CertificateAuthority root = CertificateAuthority.selfSigned("lab root")
        .organization("Lab")
        .validity(Duration.ofDays(3650))           // the default
        .keyAlgorithm(KeyAlgorithm.ECDSA_P256)     // the default
        .build();
    CertificateAuthority intermediate = CertificateAuthority.intermediate("lab issuing CA")
        .validity(Duration.ofDays(1825))
        .signedBy(root)
        .build();
    IssuedCertificate server = IssuedCertificate.builder()
        .commonName("registry")
        .addDnsName("registry.lab.test")
        .addIpAddress("198.18.0.20")
        .extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH)
        .validity(Duration.ofDays(90))
        .signedBy(intermediate)
        .build();
    String chainPem = Pem.writeCertificates(java.util.List.of(server.certificate(), intermediate.certificate()));
    String keyPem = server.privateKeyPem();        // unencrypted: SEC1 for EC, PKCS#8 for RSA
    // end::certificates[]
    System.out.println(server + "\n" + chainPem.length() + " + " + keyPem.length() + " PEM characters");
    System.out.println(tls(root, intermediate, server));
  }

  static HttpClient tls(CertificateAuthority root, CertificateAuthority intermediate, IssuedCertificate server) {
    // tag::tls[]
    TlsContext serverSide = TlsContext.builder()
        .identity(server, intermediate.certificate())  // the chain it presents, without the root
        .trust(root)                                   // client certificates must chain to the root
        .build();
    IssuedCertificate jane = IssuedCertificate.builder()
        .commonName("jane")
        .extendedKeyUsage(ExtendedKeyUsage.CLIENT_AUTH)
        .signedBy(intermediate)
        .build();
    TlsContext clientSide = TlsContext.builder()
        .identity(jane, intermediate.certificate())    // optional: a client certificate
        .trust(root)
        .build();
    // The JDK's HTTP client also checks that the server certificate names the URL's host.
    HttpClient http = HttpClient.newBuilder().sslContext(clientSide.sslContext()).build();
    // end::tls[]
    System.out.println(serverSide + "\n" + clientSide);
    return http;
  }

  static void cluster(Path directory) {
    // tag::cluster[]
    KubernetesPki facts = KubernetesPki.builder()
        .clusterName("lab")
        .controlPlane("cp1", "198.18.0.11")
        .controlPlane("cp2", "198.18.0.12")
        .worker("w1", "198.18.0.21")
        .serviceCidr("10.96.0.0/12")               // the default
        .addExtraSan("k8s.lab.test")               // a load balancer in front of the API servers
        .build();
    ClusterCertificates certificates = PkiStore.at(directory).ensure(facts);
    for (PkiReportEntry entry : certificates.report()) {
      System.out.println(entry);                   // e.g. "ISSUED kube-apiserver-server-cp1 (missing)"
    }
    X509Certificate apiServer = certificates.apiServer("cp1").certificate();
    String serviceAccountKey = certificates.serviceAccountPrivateKeyPem();
    // end::cluster[]
    System.out.println(apiServer.getSubjectX500Principal() + ", service-account key: "
        + serviceAccountKey.lines().findFirst().orElse(""));

    // tag::expiry[]
    ExpiryReport report = PkiStore.at(directory).checkExpiration();
    System.out.print(report.render());
    if (!report.expiringWithin(Duration.ofDays(30)).isEmpty()) {
      PkiStore.at(directory).renewLeaves(facts);   // new keys and certificates, same CAs
    }
    // end::expiry[]
  }

  static void foreignCa(Path directory) {
    // tag::foreign-ca[]
    // A CA made by openssl, cfssl or kubeadm: PKCS#1 or PKCS#8 RSA keys, SEC1 or PKCS#8 EC keys.
    CertificateAuthority existing = CertificateAuthority.load(directory.resolve("ca.pem"),
        directory.resolve("ca-key.pem"));
    IssuedCertificate operator = IssuedCertificate.builder()
        .commonName("jane")
        .addOrganization("lab:operators")
        .extendedKeyUsage(ExtendedKeyUsage.CLIENT_AUTH)
        .validity(Duration.ofDays(7))
        .signedBy(existing)
        .build();
    PkiStore.at(directory).put("user-jane", operator);   // user-jane.pem 0644, user-jane-key.pem 0600
    // end::foreign-ca[]
  }
}
