package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.io.DirectoryLock;
import dev.kubestrap.io.DirectoryLockedException;
import dev.kubestrap.pki.PkiReportEntry.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ensure semantics, layout, file modes and atomic writes of {@link PkiStore}, on a real directory. */
class PkiStoreTest {
  private static final Instant START = Instant.parse("2026-01-10T08:00:00Z");

  @TempDir Path directory;

  private static KubernetesPki.Builder facts(Clock clock) {
    return KubernetesPki.builder().controlPlane("cp1", "10.1.0.15").worker("w1", "10.1.0.16").clock(clock);
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private static Map<String, PkiReportEntry> byName(ClusterCertificates certificates) {
    return certificates.report().stream().collect(Collectors.toMap(PkiReportEntry::name, Function.identity()));
  }

  /** The files in the store, without the empty lock file (see {@link DirectoryLock}). */
  private Set<String> fileNames() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).filter(name -> !name.equals(DirectoryLock.LOCK_FILE))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void writesTheDocumentedFileNamesWithKeysPrivateAndCertificatesReadable() throws IOException {
    PkiStore.at(directory).ensure(facts(at(START)).build());

    Set<String> expected = new TreeSet<>();
    for (String base : List.of("ca", "etcd-ca", "front-proxy-ca", "kube-apiserver-server-cp1", "kube-apiserver-kubelet-client",
        "kube-apiserver-etcd-client", "etcd-server-cp1", "etcd-peer-cp1", "etcd-healthcheck-client",
        "front-proxy-client", "admin", "super-admin", "kube-controller-manager", "kube-scheduler", "kube-proxy",
        "kubelet-client-cp1", "kubelet-server-cp1", "kubelet-client-w1", "kubelet-server-w1")) {
      expected.add(base + ".pem");
      expected.add(base + "-key.pem");
    }
    expected.add("service-account-key.pem");
    expected.add("service-account-pub.pem");
    assertThat(fileNames()).isEqualTo(expected);
    assertThat(directory.resolve(DirectoryLock.LOCK_FILE)).isEmptyFile();
    assertThat(directory.resolve(DirectoryLock.HOLDER_FILE)).as("gone once the lock is given back").doesNotExist();
    for (String name : expected) {
      String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(name)));
      boolean key = name.endsWith("-key.pem");
      assertThat(mode).as(name).isEqualTo(key ? "rw-------" : "rw-r--r--");
      assertThat(Tools.read(directory.resolve(name))).as(name)
          .startsWith(key ? "-----BEGIN EC PRIVATE KEY-----" : name.endsWith("-pub.pem") ? "-----BEGIN PUBLIC KEY-----"
              : "-----BEGIN CERTIFICATE-----");
    }
  }

  @Test
  void aSecondEnsureReusesEverythingAndChangesNoByte() {
    KubernetesPki pki = facts(at(START)).build();
    PkiStore.at(directory).ensure(pki);
    Snapshot first = Snapshot.of(directory);

    ClusterCertificates again = PkiStore.at(directory).ensure(facts(at(START.plus(Duration.ofDays(100)))).build());

    assertThat(again.report()).allSatisfy(entry -> assertThat(entry.outcome()).as(entry.name()).isEqualTo(Outcome.REUSED));
    assertThat(Snapshot.of(directory)).isEqualTo(first);
    assertThat(again.apiServer("cp1").certificatePem()).isEqualTo(first.files().get("kube-apiserver-server-cp1.pem"));
  }

  @Test
  void aReusedKeyWhoseModeWasWidenedIsMadePrivateAgain() throws IOException {
    PkiStore.at(directory).ensure(facts(at(START)).build());
    Path key = directory.resolve("admin-key.pem");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

    PkiStore.at(directory).ensure(facts(at(START)).build());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
  }

  @Test
  void whileAnotherRunHoldsTheStoreEnsureIsRefusedAndMakesNoCa() throws Exception {
    java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    Thread other = new Thread(() -> {
      try (DirectoryLock lock = DirectoryLock.acquire(directory, "ensure of the PKI store by another run")) {
        held.countDown();
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    other.start();
    held.await();
    try {
      assertThatThrownBy(() -> PkiStore.at(directory).ensure(facts(at(START)).build()))
          .isInstanceOf(DirectoryLockedException.class)
          .hasMessageContaining("ensure of the PKI store by another run by process " + ProcessHandle.current().pid());
      assertThat(directory.resolve("ca.pem")).doesNotExist();
    } finally {
      done.countDown();
      other.join();
    }
    assertThat(PkiStore.at(directory).ensure(facts(at(START)).build()).report())
        .anySatisfy(entry -> assertThat(entry.name()).isEqualTo("ca"));
  }

  @Test
  void aNewSanReissuesOnlyTheApiServerCertificateAndSaysWhy() {
    PkiStore.at(directory).ensure(facts(at(START)).build());
    Snapshot before = Snapshot.of(directory);

    ClusterCertificates changed = PkiStore.at(directory).ensure(facts(at(START)).addExtraSan("k8s.lab.test").build());

    Map<String, PkiReportEntry> report = byName(changed);
    assertThat(report.get("kube-apiserver-server-cp1").outcome()).isEqualTo(Outcome.REISSUED);
    assertThat(report.get("kube-apiserver-server-cp1").reason()).contains("SANs changed", "k8s.lab.test");
    assertThat(report.values().stream().filter(entry -> entry.outcome() != Outcome.REUSED).map(PkiReportEntry::name))
        .containsExactly("kube-apiserver-server-cp1");
    assertThat(changed.apiServer("cp1").dnsNames()).contains("k8s.lab.test");
    Snapshot after = Snapshot.of(directory);
    assertThat(after.files().get("ca.pem")).isEqualTo(before.files().get("ca.pem"));
    assertThat(after.files().get("kube-apiserver-server-cp1.pem")).isNotEqualTo(before.files().get("kube-apiserver-server-cp1.pem"));
  }

  @Test
  void aNewControlPlaneHostGetsItsOwnServingCertificateAndNoOtherCertificateIsReissued() {
    PkiStore.at(directory).ensure(facts(at(START)).build());

    ClusterCertificates grown = PkiStore.at(directory).ensure(facts(at(START)).controlPlane("cp2", "10.1.0.17").build());

    assertThat(grown.report().stream().filter(entry -> entry.outcome() != Outcome.REUSED).map(PkiReportEntry::name))
        .containsExactlyInAnyOrder("kube-apiserver-server-cp2", "etcd-server-cp2", "etcd-peer-cp2",
            "kubelet-client-cp2", "kubelet-server-cp2");
    assertThat(grown.apiServer("cp2").ipAddresses()).contains("10.1.0.17", "127.0.0.1").doesNotContain("10.1.0.15");
    assertThat(grown.apiServer("cp1").ipAddresses()).doesNotContain("10.1.0.17");
  }

  @Test
  void aNewWorkerGetsItsKubeletCertificatesAndARenamedIdentityIsReissued() {
    PkiStore.at(directory).ensure(facts(at(START)).build());

    Map<String, PkiReportEntry> report = byName(PkiStore.at(directory)
        .ensure(facts(at(START)).worker("w2", "10.1.0.18").build()));

    assertThat(report.get("kubelet-client-w2").outcome()).isEqualTo(Outcome.ISSUED);
    assertThat(report.get("kubelet-server-w2").outcome()).isEqualTo(Outcome.ISSUED);
    assertThat(report.get("kubelet-client-w1").outcome()).isEqualTo(Outcome.REUSED);

    // The same file name with a different address: the serving certificate's SANs no longer match.
    Map<String, PkiReportEntry> moved = byName(PkiStore.at(directory).ensure(KubernetesPki.builder()
        .controlPlane("cp1", "10.1.0.15").worker("w1", "10.1.0.99").worker("w2", "10.1.0.18").clock(at(START)).build()));
    assertThat(moved.get("kubelet-server-w1").outcome()).isEqualTo(Outcome.REISSUED);
    assertThat(moved.get("kubelet-server-w1").reason()).contains("10.1.0.99", "10.1.0.16");
    assertThat(moved.get("kubelet-client-w1").outcome()).isEqualTo(Outcome.REUSED);
  }

  @Test
  void leavesExpiringWithinTheThresholdAreReissuedButCasAreKept() {
    PkiStore.at(directory).ensure(facts(at(START)).build());
    Snapshot before = Snapshot.of(directory);

    Instant later = START.plus(Duration.ofDays(340));
    ClusterCertificates renewed = PkiStore.at(directory).ensure(facts(at(later)).build());

    Map<String, PkiReportEntry> report = byName(renewed);
    assertThat(report.get("admin").outcome()).isEqualTo(Outcome.REISSUED);
    assertThat(report.get("admin").reason()).contains("within the renewal threshold PT720H");
    assertThat(report.get("ca").outcome()).isEqualTo(Outcome.REUSED);
    assertThat(report.get("service-account").outcome()).isEqualTo(Outcome.REUSED);
    assertThat(Snapshot.of(directory).files().get("ca-key.pem")).isEqualTo(before.files().get("ca-key.pem"));
    assertThat(renewed.admin().notAfter()).isEqualTo(later.plus(Duration.ofDays(365)));

    Map<String, PkiReportEntry> shortThreshold = byName(PkiStore.at(directory).withRenewBefore(Duration.ofDays(1))
        .ensure(facts(at(later.plus(Duration.ofDays(300)))).build()));
    assertThat(shortThreshold.get("admin").outcome()).isEqualTo(Outcome.REUSED);
  }

  @Test
  void anExistingCaIsNeverReplacedUnlessAsked() throws IOException {
    PkiStore.at(directory).ensure(facts(at(START)).build());
    String caBefore = Tools.read(directory.resolve("ca.pem"));
    Files.delete(directory.resolve("ca-key.pem"));
    Snapshot withoutKey = Snapshot.of(directory);

    assertThatThrownBy(() -> PkiStore.at(directory).ensure(facts(at(START)).build()))
        .isInstanceOf(PkiException.class).hasMessageContaining(directory.resolve("ca.pem") + " exists without "
            + directory.resolve("ca-key.pem")).hasMessageContaining("withReplaceCas(true)");
    assertThat(Snapshot.of(directory)).isEqualTo(withoutKey);

    ClusterCertificates replaced = PkiStore.at(directory).withReplaceCas(true).ensure(facts(at(START)).build());
    Map<String, PkiReportEntry> report = byName(replaced);
    assertThat(report.get("ca").outcome()).isEqualTo(Outcome.REISSUED);
    assertThat(report.get("etcd-ca").outcome()).isEqualTo(Outcome.REISSUED);
    assertThat(report.get("kube-apiserver-server-cp1").reason()).startsWith("issuer changed");
    assertThat(report.get("etcd-server-cp1").reason()).startsWith("issuer changed");
    assertThat(report.get("service-account").outcome()).isEqualTo(Outcome.REUSED);
    assertThat(Tools.read(directory.resolve("ca.pem"))).isNotEqualTo(caBefore);
    Tools.Result verified = Tools.verify(directory, directory.resolve("ca.pem"), directory.resolve("admin.pem"), null);
    assertThat(verified.output()).contains(": OK");
  }

  @Test
  void aChangedKeyAlgorithmReissuesLeavesButKeepsTheCas() {
    PkiStore.at(directory).ensure(facts(at(START)).build());

    ClusterCertificates p384 = PkiStore.at(directory).ensure(facts(at(START)).keyAlgorithm(KeyAlgorithm.ECDSA_P384)
        .build());

    Map<String, PkiReportEntry> report = byName(p384);
    assertThat(report.get("ca").outcome()).isEqualTo(Outcome.REUSED);
    assertThat(report.get("ca").reason()).contains("kept although its key is ECDSA P-256");
    assertThat(report.get("admin").reason()).isEqualTo("key algorithm changed: ECDSA P-256 -> ECDSA_P384");
    assertThat(KeyAlgorithm.of(p384.admin().publicKey())).contains(KeyAlgorithm.ECDSA_P384);
  }

  @Test
  void renewLeavesReissuesEveryLeafUnderTheSameCas() {
    ClusterCertificates first = PkiStore.at(directory).ensure(facts(at(START)).build());
    Snapshot before = Snapshot.of(directory);

    ClusterCertificates renewed = PkiStore.at(directory).renewLeaves(facts(at(START.plus(Duration.ofDays(10)))).build());

    for (String name : first.leaves().keySet()) {
      assertThat(renewed.leaf(name).certificate().getSerialNumber()).as(name)
          .isNotEqualTo(first.leaf(name).certificate().getSerialNumber());
      assertThat(renewed.ca(renewed.facts().roles().stream().filter(r -> r.name().equals(name)).findFirst()
          .orElseThrow().issuer()).signed(renewed.leaf(name).certificate())).as(name).isTrue();
    }
    Snapshot after = Snapshot.of(directory);
    for (String kept : List.of("ca.pem", "ca-key.pem", "etcd-ca.pem", "front-proxy-ca-key.pem", "service-account-key.pem")) {
      assertThat(after.files().get(kept)).as(kept).isEqualTo(before.files().get(kept));
    }
    assertThat(after.files().get("kube-proxy-key.pem")).isNotEqualTo(before.files().get("kube-proxy-key.pem"));
  }

  @Test
  void renewLeavesRefusesAnEmptyStore() {
    assertThatThrownBy(() -> PkiStore.at(directory).renewLeaves(facts(at(START)).build()))
        .isInstanceOf(PkiException.class).hasMessageContaining(directory.resolve("ca.pem") + " does not exist");
  }

  @Test
  void writesLeaveNoTemporaryFilesAndCleanUpThoseOfAnInterruptedRun() throws IOException {
    Files.createDirectories(directory);
    Path leftover = directory.resolve(".kubestrap-admin.pem.1234.tmp");
    Files.writeString(leftover, "half written");

    PkiStore.at(directory).ensure(facts(at(START)).build());

    assertThat(fileNames()).noneMatch(name -> name.startsWith(".") || name.endsWith(".tmp"));
  }

  @Test
  void aLeafWhoseKeyWasLostOrSwappedIsReissued() throws IOException {
    PkiStore.at(directory).ensure(facts(at(START)).build());
    Files.delete(directory.resolve("kube-scheduler-key.pem"));
    Files.copy(directory.resolve("admin-key.pem"), directory.resolve("kube-proxy-key.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    Map<String, PkiReportEntry> report = byName(PkiStore.at(directory).ensure(facts(at(START)).build()));

    assertThat(report.get("kube-scheduler").reason()).isEqualTo("kube-scheduler-key.pem is missing");
    assertThat(report.get("kube-proxy").reason()).isEqualTo("kube-proxy-key.pem does not match kube-proxy.pem");
    assertThat(PkiStore.at(directory).load("kube-proxy").commonName()).isEqualTo("system:kube-proxy");
  }

  @Test
  void checkExpirationListsEveryCertificateWithItsCaLikeKubeadm() {
    PkiStore.at(directory).ensure(facts(at(START)).build());

    ExpiryReport report = PkiStore.at(directory).checkExpiration(at(START.plus(Duration.ofDays(300))));

    assertThat(report.authorities()).extracting(ExpiryReport.Entry::name)
        .containsExactlyInAnyOrder("ca", "etcd-ca", "front-proxy-ca");
    assertThat(report.certificates()).hasSize(16);
    ExpiryReport.Entry etcd = report.certificates().stream().filter(e -> e.name().equals("etcd-peer-cp1")).findFirst()
        .orElseThrow();
    assertThat(etcd.authority()).isEqualTo("etcd-ca");
    assertThat(etcd.residual()).isEqualTo(Duration.ofDays(65));
    assertThat(report.expiringWithin(Duration.ofDays(70))).hasSize(16);
    String text = report.render();
    assertThat(text).contains("CERTIFICATE", "RESIDUAL TIME", "CERTIFICATE AUTHORITY");
    assertThat(text).containsPattern("front-proxy-client +Jan 10, 2027 08:00 UTC +65d +front-proxy-ca");
    assertThat(text).containsPattern("ca +Jan 08, 2036 08:00 UTC +9y");
    assertThat(PkiStore.at(directory).checkExpiration(at(START.plus(Duration.ofDays(400)))).render())
        .contains("<invalid>");
  }

  @Test
  void switchingBetweenLayoutsNeedsReplaceCas() {
    PkiStore.at(directory).ensure(facts(at(START)).build());

    assertThatThrownBy(() -> PkiStore.at(directory).ensure(facts(at(START)).singleCa().build()))
        .isInstanceOf(PkiException.class).hasMessageContaining(directory.resolve("etcd-ca-key.pem").toString())
        .hasMessageContaining("single CA");

    ClusterCertificates single = PkiStore.at(directory).withReplaceCas(true).ensure(facts(at(START)).singleCa().build());
    assertThat(directory.resolve("etcd-ca-key.pem")).doesNotExist();
    assertThat(Tools.read(directory.resolve("etcd-ca.pem"))).isEqualTo(single.ca().certificatePem());
    assertThat(single.etcdServer("cp1").certificate().getIssuerX500Principal())
        .isEqualTo(single.ca().certificate().getSubjectX500Principal());

    assertThatThrownBy(() -> PkiStore.at(directory).ensure(facts(at(START)).build()))
        .isInstanceOf(PkiException.class).hasMessageContaining("etcd-ca.pem exists without");
  }

  @Test
  void putWritesOneCertificateAtomicallyWithItsKey() throws IOException {
    CertificateAuthority ca = CertificateAuthority.selfSigned("kubernetes").build();
    IssuedCertificate kubelet = IssuedCertificate.builder().commonName("system:node:n1").addOrganization("system:nodes")
        .extendedKeyUsage(ExtendedKeyUsage.CLIENT_AUTH).signedBy(ca).build();

    PkiStore.at(directory).put("kubelet-client-n1", kubelet);

    assertThat(fileNames()).containsExactly("kubelet-client-n1-key.pem", "kubelet-client-n1.pem");
    assertThat(PkiStore.at(directory).load("kubelet-client-n1").certificate()).isEqualTo(kubelet.certificate());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("kubelet-client-n1-key.pem"))))
        .isEqualTo("rw-------");
  }
}
