package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every certificate of a two-control-plane, one-worker cluster, written by {@link PkiStore} and read back by the
 * real openssl: chain, purpose, subject, SANs, key usage, extended key usage, basic constraints, key identifiers.
 * The expected table is written out here from kubeadm's table, not computed from the code under test.
 */
class KubernetesPkiOpensslTest {
  private static final String SERVER = "TLS Web Server Authentication";
  private static final String CLIENT = "TLS Web Client Authentication";
  private static final String BOTH = SERVER + ", " + CLIENT;

  @TempDir static Path directory;
  static ClusterCertificates certificates;

  record Expected(String ca, String subject, String sans, String usages) {}

  @BeforeAll
  static void issue() {
    KubernetesPki pki = KubernetesPki.builder()
        .clusterName("lab")
        .controlPlane("master", "10.1.0.15")
        .controlPlane("master2", "10.1.0.17")
        .worker("node", "10.1.0.16")
        .serviceCidr("10.254.0.0/16")
        .addExtraSan("k8s.lab.test")
        .addExtraSan("198.18.0.10")
        .build();
    certificates = PkiStore.at(directory).ensure(pki);
  }

  static Map<String, Expected> expectedTable() {
    Map<String, Expected> table = new LinkedHashMap<>();
    for (String[] host : new String[][] {{"master", "10.1.0.15"}, {"master2", "10.1.0.17"}}) {
      table.put("kube-apiserver-server-" + host[0], new Expected("ca", "CN = kube-apiserver",
          "DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local,"
              + " DNS:" + host[0] + ", DNS:localhost, DNS:k8s.lab.test, IP Address:10.254.0.1, IP Address:" + host[1]
              + ", IP Address:127.0.0.1, IP Address:198.18.0.10", SERVER));
    }
    table.put("kube-apiserver-kubelet-client", new Expected("ca", "CN = kube-apiserver-kubelet-client", null, CLIENT));
    table.put("kube-apiserver-etcd-client", new Expected("etcd-ca", "CN = kube-apiserver-etcd-client", null, CLIENT));
    for (String[] member : new String[][] {{"master", "10.1.0.15"}, {"master2", "10.1.0.17"}}) {
      String sans = "DNS:" + member[0] + ", DNS:localhost, IP Address:" + member[1]
          + ", IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1";
      table.put("etcd-server-" + member[0], new Expected("etcd-ca", "CN = " + member[0], sans, BOTH));
      table.put("etcd-peer-" + member[0], new Expected("etcd-ca", "CN = " + member[0], sans, BOTH));
    }
    table.put("etcd-healthcheck-client", new Expected("etcd-ca", "CN = kube-etcd-healthcheck-client", null, CLIENT));
    table.put("front-proxy-client", new Expected("front-proxy-ca", "CN = front-proxy-client", null, CLIENT));
    table.put("admin", new Expected("ca", "O = kubestrap:cluster-admins, CN = kubernetes-admin", null, CLIENT));
    table.put("super-admin", new Expected("ca", "O = system:masters, CN = kubernetes-super-admin", null, CLIENT));
    table.put("kube-controller-manager", new Expected("ca", "CN = system:kube-controller-manager", null, CLIENT));
    table.put("kube-scheduler", new Expected("ca", "CN = system:kube-scheduler", null, CLIENT));
    table.put("kube-proxy", new Expected("ca", "O = system:node-proxier, CN = system:kube-proxy", null, CLIENT));
    for (String[] node : new String[][] {{"master", "10.1.0.15"}, {"master2", "10.1.0.17"}, {"node", "10.1.0.16"}}) {
      String subject = "O = system:nodes, CN = system:node:" + node[0];
      table.put("kubelet-client-" + node[0], new Expected("ca", subject, null, CLIENT));
      table.put("kubelet-server-" + node[0], new Expected("ca", subject,
          "DNS:" + node[0] + ", IP Address:" + node[1], SERVER));
    }
    return table;
  }

  @Test
  void everyLeafOfTheTableIsIssuedAndNothingElse() {
    assertThat(certificates.leaves().keySet()).containsExactlyInAnyOrderElementsOf(expectedTable().keySet());
  }

  @Test
  void opensslVerifiesEveryLeafAgainstItsOwnCaForItsPurpose() {
    expectedTable().forEach((name, expected) -> {
      Path leaf = directory.resolve(name + ".pem");
      Path ca = directory.resolve(expected.ca() + ".pem");
      String purpose = expected.usages().startsWith(SERVER) ? "sslserver" : "sslclient";
      Tools.Result result = Tools.verify(directory, ca, leaf, purpose);
      assertThat(result.exitCode()).as("%s: %s", name, result.output()).isZero();
      assertThat(result.output()).as(name).contains(leaf + ": OK");
    });
  }

  @Test
  void opensslReadsTheSubjectSansAndUsagesOfKubeadmsTable() {
    expectedTable().forEach((name, expected) -> {
      String text = Tools.ok(directory, "openssl", "x509", "-in", directory.resolve(name + ".pem").toString(),
          "-noout", "-text");
      assertThat(line(text, "Subject:")).as(name).isEqualTo("Subject: " + expected.subject());
      assertThat(after(text, "X509v3 Extended Key Usage:")).as(name).isEqualTo(expected.usages());
      assertThat(after(text, "X509v3 Key Usage: critical")).as(name).isEqualTo("Digital Signature, Key Encipherment");
      assertThat(after(text, "X509v3 Basic Constraints: critical")).as(name).isEqualTo("CA:FALSE");
      if (expected.sans() == null) {
        assertThat(text).as(name).doesNotContain("Subject Alternative Name");
      } else {
        assertThat(sanSet(after(text, "X509v3 Subject Alternative Name:"))).as(name).isEqualTo(sanSet(expected.sans()));
      }
      assertThat(text).as(name).contains("X509v3 Subject Key Identifier:", "X509v3 Authority Key Identifier:");
      assertThat(text).as(name).contains("ASN1 OID: prime256v1");
    });
  }

  @Test
  void noNodeOrUserCertificateIsTrustedByEtcdAndNoEtcdCertificateByTheApiServer() {
    for (String name : new String[] {"kubelet-client-node", "admin", "super-admin", "kube-apiserver-kubelet-client"}) {
      assertThat(Tools.verify(directory, directory.resolve("etcd-ca.pem"), directory.resolve(name + ".pem"), null)
          .exitCode()).as(name).isNotZero();
    }
    for (String name : new String[] {"kube-apiserver-etcd-client", "etcd-healthcheck-client", "front-proxy-client"}) {
      assertThat(Tools.verify(directory, directory.resolve("ca.pem"), directory.resolve(name + ".pem"), null)
          .exitCode()).as(name).isNotZero();
    }
  }

  @Test
  void theCasAreSelfSignedCaCertificatesNamedLikeKubeadms() {
    for (String[] ca : new String[][] {{"ca", "kubernetes"}, {"etcd-ca", "etcd-ca"}, {"front-proxy-ca", "front-proxy-ca"}}) {
      Path file = directory.resolve(ca[0] + ".pem");
      String text = Tools.ok(directory, "openssl", "x509", "-in", file.toString(), "-noout", "-text");
      assertThat(line(text, "Subject:")).isEqualTo("Subject: O = lab, CN = " + ca[1]);
      assertThat(line(text, "Issuer:")).isEqualTo("Issuer: O = lab, CN = " + ca[1]);
      assertThat(after(text, "X509v3 Basic Constraints: critical")).isEqualTo("CA:TRUE");
      assertThat(after(text, "X509v3 Key Usage: critical")).isEqualTo("Digital Signature, Certificate Sign, CRL Sign");
      assertThat(Tools.verify(directory, file, file, null).exitCode()).isZero();
    }
  }

  @Test
  void opensslAcceptsTheServiceAccountKeyPairAndItMatches() {
    String fromPrivate = Tools.ok(directory, "openssl", "pkey", "-in",
        directory.resolve("service-account-key.pem").toString(), "-pubout");
    String publicKey = Tools.ok(directory, "openssl", "pkey", "-pubin", "-in",
        directory.resolve("service-account-pub.pem").toString());
    assertThat(fromPrivate).isEqualTo(publicKey).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(Tools.read(directory.resolve("service-account-key.pem"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
  }

  @Test
  void singleCaLayoutSignsEverythingWithOneCaThatOpensslVerifies(@TempDir Path single) {
    KubernetesPki pki = KubernetesPki.builder().controlPlane("master", "10.1.0.15").worker("node", "10.1.0.16")
        .singleCa().build();
    ClusterCertificates issued = PkiStore.at(single).ensure(pki);
    assertThat(issued.etcdCa()).isSameAs(issued.ca());
    assertThat(issued.frontProxyCa()).isSameAs(issued.ca());
    for (String name : issued.leaves().keySet()) {
      Tools.Result result = Tools.verify(single, single.resolve("ca.pem"), single.resolve(name + ".pem"), null);
      assertThat(result.output()).as(name).contains(": OK");
    }
    assertThat(Tools.read(single.resolve("etcd-ca.pem"))).isEqualTo(Tools.read(single.resolve("ca.pem")));
    assertThat(single.resolve("etcd-ca-key.pem")).doesNotExist();
    assertThat(single.resolve("front-proxy-ca-key.pem")).doesNotExist();
  }

  static String line(String text, String prefix) {
    return Arrays.stream(text.split("\n")).map(String::trim).filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no line " + prefix + " in\n" + text));
  }

  /** The trimmed line after the line that is exactly {@code header}. */
  static String after(String text, String header) {
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length - 1; i++) {
      if (lines[i].trim().equals(header)) {
        return lines[i + 1].trim();
      }
    }
    throw new AssertionError("no " + header + " in\n" + text);
  }

  static Set<String> sanSet(String sans) {
    return Arrays.stream(sans.split(",")).map(String::trim).collect(Collectors.toCollection(TreeSet::new));
  }
}
