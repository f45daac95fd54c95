package dev.kubestrap.binaries;

import static dev.kubestrap.binaries.TestFiles.bytes;
import static dev.kubestrap.binaries.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a mirror on 127.0.0.1 into a cache in a temporary directory. */
class DownloadSourceTest {
  @TempDir
  Path cache;

  @TempDir
  Path work;

  private MirrorServer mirror;

  @BeforeEach
  void startMirror() throws Exception {
    mirror = new MirrorServer();
  }

  @AfterEach
  void stopMirror() {
    mirror.close();
  }

  private DownloadSource source() {
    return BinarySource.mirror(mirror.base()).cacheIn(cache);
  }

  private static URI official(String component, String version) {
    return BinarySource.official().artifact(component, version, Arch.AMD64).url();
  }

  @Test
  void pinnedDownloadIsCachedAndTheSecondResolveMakesNoRequest() {
    byte[] kubelet = bytes("#!/bin/sh\necho kubelet\n");
    mirror.serve(official("kubelet", "1.36.4"), kubelet);
    DownloadSource source = source().pin("kubelet", "1.36.4", Arch.AMD64, sha256(kubelet));

    ResolvedArtifact first = source.resolve("kubelet", "1.36.4", Arch.AMD64);
    ResolvedArtifact second = source.resolve("kubelet", "v1.36.4", Arch.AMD64);

    assertThat(mirror.requests()).containsExactly("/files/dl.k8s.io/release/v1.36.4/bin/linux/amd64/kubelet");
    assertThat(second).isEqualTo(first);
    LocalBinary binary = first.binary("kubelet");
    assertThat(binary.path()).isEqualTo(cache.resolve("kubelet/1.36.4/amd64/kubelet"));
    assertThat(binary.sha256()).isEqualTo(sha256(kubelet));
    assertThat(binary.size()).isEqualTo(kubelet.length);
    assertThat(first.verification()).isEqualTo(Verification.PINNED);
    assertThat(first.artifact().sha256()).isEqualTo(sha256(kubelet));
    assertThat(first.onHost()).isFalse();
  }

  @Test
  void mismatchIsRefusedNamingUrlAndBothDigestsAndLeavesTheCacheEmpty() throws Exception {
    byte[] tampered = bytes("not the real kubelet");
    mirror.serve(official("kubelet", "1.36.4"), tampered);
    String expected = "0".repeat(64);

    assertThatThrownBy(() -> source().pin("kubelet", "1.36.4", Arch.AMD64, expected).resolve("kubelet", "1.36.4", Arch.AMD64))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessage("sha256 mismatch for " + mirror.base() + "dl.k8s.io/release/v1.36.4/bin/linux/amd64/kubelet"
            + ": expected " + expected + ", actual " + sha256(tampered));
    assertThat(TestFiles.regularFiles(cache)).isEmpty();
  }

  @Test
  void kubesprayPinsFromTheTableAreEnforced() throws Exception {
    mirror.serve(official("kubelet", "1.36.4"), bytes("a fake kubelet"));

    assertThatThrownBy(() -> source().resolve("kubelet", "1.36.4", Arch.AMD64))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("expected cf2562db46c48ab84cc3791540778ee7fb1a0a008529adbb434723dd02ed8b4b");
    assertThat(TestFiles.regularFiles(cache)).isEmpty();
  }

  @Test
  void unpinnedBinaryIsCheckedAgainstTheSha256PublishedBesideIt() {
    byte[] apiserver = bytes("#!/bin/sh\necho kube-apiserver\n");
    URI url = official("kube-apiserver", "1.36.4");
    mirror.serve(url, apiserver);
    mirror.serve(URI.create(url + ".sha256"), bytes(sha256(apiserver)));

    ResolvedArtifact resolved = source().resolve("kube-apiserver", "1.36.4", Arch.AMD64);
    source().resolve("kube-apiserver", "1.36.4", Arch.AMD64);

    assertThat(resolved.verification()).isEqualTo(Verification.PUBLISHED_DIGEST);
    assertThat(resolved.binary("kube-apiserver").sha256()).isEqualTo(sha256(apiserver));
    assertThat(mirror.requests()).containsExactly(
        "/files/dl.k8s.io/v1.36.4/bin/linux/amd64/kube-apiserver.sha256",
        "/files/dl.k8s.io/v1.36.4/bin/linux/amd64/kube-apiserver");
  }

  @Test
  void binaryThatDisagreesWithItsPublishedSha256IsRefusedAndNothingIsCached() throws Exception {
    URI url = official("kube-scheduler", "1.36.4");
    mirror.serve(url, bytes("swapped"));
    mirror.serve(URI.create(url + ".sha256"), bytes(sha256(bytes("original")) + "  kube-scheduler\n"));

    assertThatThrownBy(() -> source().resolve("kube-scheduler", "1.36.4", Arch.AMD64))
        .isInstanceOf(ChecksumMismatchException.class)
        .satisfies(e -> {
          ChecksumMismatchException mismatch = (ChecksumMismatchException) e;
          assertThat(mismatch.url().toString()).endsWith("/dl.k8s.io/v1.36.4/bin/linux/amd64/kube-scheduler");
          assertThat(mismatch.expected()).isEqualTo(sha256(bytes("original")));
          assertThat(mismatch.actual()).isEqualTo(sha256(bytes("swapped")));
        });
    assertThat(TestFiles.regularFiles(cache)).isEmpty();
  }

  @Test
  void cachedFileThatWasAlteredIsFetchedAgain() throws Exception {
    byte[] kubectl = bytes("kubectl bytes");
    mirror.serve(official("kubectl", "1.36.4"), kubectl);
    DownloadSource source = source().pin("kubectl", "1.36.4", Arch.AMD64, sha256(kubectl));
    Path cached = source.resolve("kubectl", "1.36.4", Arch.AMD64).binary("kubectl").path();
    Files.writeString(cached, "tampered");

    ResolvedArtifact again = source.resolve("kubectl", "1.36.4", Arch.AMD64);

    assertThat(Files.readAllBytes(again.binary("kubectl").path())).isEqualTo(kubectl);
    assertThat(mirror.requests()).hasSize(2);
  }

  @Test
  void etcdTarballIsUnpackedToEtcdAndEtcdctl() throws Exception {
    byte[] tarball = TestFiles.tarGz(work, Map.of(
        "etcd-v3.6.14-linux-amd64/etcd*", "etcd program",
        "etcd-v3.6.14-linux-amd64/etcdctl*", "etcdctl program",
        "etcd-v3.6.14-linux-amd64/etcdutl*", "etcdutl program",
        "etcd-v3.6.14-linux-amd64/README.md", "readme"));
    mirror.serve(official("etcd", "3.6.14"), tarball);

    ResolvedArtifact etcd = source().pin("etcd", "3.6.14", Arch.AMD64, sha256(tarball)).resolve("etcd", "3.6.14", Arch.AMD64);

    assertThat(etcd.binaries()).extracting(LocalBinary::name).containsExactly("etcd", "etcdctl");
    LocalBinary etcdctl = etcd.binary("etcdctl");
    assertThat(Files.readString(etcdctl.path())).isEqualTo("etcdctl program");
    assertThat(etcdctl.sha256()).isEqualTo(sha256(bytes("etcdctl program")));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etcdctl.path()))).isEqualTo("rwxr-xr-x");
    assertThat(etcd.artifact().sha256()).isEqualTo(sha256(tarball));
  }

  @Test
  void containerdTarballYieldsEverythingInBin() throws Exception {
    byte[] tarball = TestFiles.tarGz(work, Map.of(
        "bin/containerd*", "containerd", "bin/ctr*", "ctr", "bin/containerd-shim-runc-v2*", "shim"));
    mirror.serve(official("containerd", "2.3.4"), tarball);

    ResolvedArtifact containerd = source().pin("containerd", "2.3.4", Arch.AMD64, sha256(tarball))
        .resolve("containerd", "2.3.4", Arch.AMD64);

    assertThat(containerd.binaries()).extracting(LocalBinary::name)
        .containsExactly("containerd", "containerd-shim-runc-v2", "ctr");
  }

  @Test
  void cniTarballYieldsOnlyItsExecutables() throws Exception {
    byte[] tarball = TestFiles.tarGz(work, Map.of("./bridge*", "bridge", "./host-local*", "host-local", "./LICENSE", "text"));
    mirror.serve(official("cni-plugins", "1.9.1"), tarball);

    ResolvedArtifact cni = source().pin("cni-plugins", "1.9.1", Arch.AMD64, sha256(tarball))
        .resolve("cni-plugins", "1.9.1", Arch.AMD64);

    assertThat(cni.binaries()).extracting(LocalBinary::name).containsExactly("bridge", "host-local");
  }

  @Test
  void tamperedUnpackedProgramIsUnpackedAgain() throws Exception {
    byte[] tarball = TestFiles.tarGz(work, Map.of("crictl*", "crictl program"));
    mirror.serve(official("crictl", "1.36.0"), tarball);
    DownloadSource source = source().pin("crictl", "1.36.0", Arch.AMD64, sha256(tarball));
    Path crictl = source.resolve("crictl", "1.36.0", Arch.AMD64).binary("crictl").path();
    Files.writeString(crictl, "evil");

    ResolvedArtifact again = source.resolve("crictl", "1.36.0", Arch.AMD64);

    assertThat(Files.readString(again.binary("crictl").path())).isEqualTo("crictl program");
    assertThat(mirror.requests()).hasSize(1);
  }

  @Test
  void archiveWithoutTheExpectedProgramsIsRefused() throws Exception {
    byte[] tarball = TestFiles.tarGz(work, Map.of("etcd-v3.6.14-linux-amd64/etcd*", "etcd only"));
    mirror.serve(official("etcd", "3.6.14"), tarball);

    assertThatThrownBy(() -> source().pin("etcd", "3.6.14", Arch.AMD64, sha256(tarball)).resolve("etcd", "3.6.14", Arch.AMD64))
        .isInstanceOf(BinarySourceException.class)
        .hasMessageContaining("lacks the expected programs [etcdctl]");
  }

  @Test
  void parallelResolvesOfOneFileDownloadItOnce() throws Exception {
    byte[] proxy = bytes("kube-proxy for every node");
    mirror.serve(official("kube-proxy", "1.36.4"), proxy);
    DownloadSource source = source().pin("kube-proxy", "1.36.4", Arch.AMD64, sha256(proxy));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<ResolvedArtifact>> results = pool.invokeAll(java.util.Collections.nCopies(8,
          () -> source.resolve("kube-proxy", "1.36.4", Arch.AMD64)));
      for (java.util.concurrent.Future<ResolvedArtifact> result : results) {
        assertThat(result.get().binary("kube-proxy").sha256()).isEqualTo(sha256(proxy));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(mirror.requests()).hasSize(1);
  }

  @Test
  void progressIsReportedFromZeroToTheTotal() {
    byte[] big = new byte[3 * 1024 * 1024 + 123];
    new java.util.Random(7).nextBytes(big);
    mirror.serve(official("kubeadm", "1.36.4"), big);
    List<DownloadProgress> events = new CopyOnWriteArrayList<>();

    source().pin("kubeadm", "1.36.4", Arch.AMD64, sha256(big)).listener(events::add).resolve("kubeadm", "1.36.4", Arch.AMD64);

    assertThat(events).hasSizeGreaterThanOrEqualTo(4);
    assertThat(events.get(0).bytesSoFar()).isZero();
    assertThat(events).allSatisfy(e -> assertThat(e.totalBytes()).isEqualTo(big.length));
    assertThat(events).extracting(DownloadProgress::bytesSoFar).isSorted();
    assertThat(events.get(events.size() - 1).bytesSoFar()).isEqualTo(big.length);
    assertThat(events.get(events.size() - 1).done()).isTrue();
  }

  @Test
  void redirectsAreFollowedAsGithubReleasesRequire() {
    byte[] runc = bytes("runc binary");
    mirror.redirect(official("runc", "1.4.3"), "/objects/runc-blob", runc);

    ResolvedArtifact resolved = source().pin("runc", "1.4.3", Arch.AMD64, sha256(runc)).resolve("runc", "1.4.3", Arch.AMD64);

    assertThat(resolved.binary("runc").path().getFileName().toString()).isEqualTo("runc.amd64");
    assertThat(mirror.requests()).containsExactly(
        "/files/github.com/opencontainers/runc/releases/download/v1.4.3/runc.amd64", "/objects/runc-blob");
  }

  @Test
  void unpinnedFileWithoutAPublishedDigestIsRefusedWithAHintToPinIt() throws Exception {
    mirror.serve(official("etcd", "3.6.99"), bytes("unpinned etcd"));

    assertThatThrownBy(() -> source().resolve("etcd", "3.6.99", Arch.AMD64))
        .isInstanceOf(BinarySourceException.class)
        .hasMessageContaining("etcd 3.6.99 amd64 has no pinned sha256 and its published digest is unavailable")
        .hasMessageContaining("etcd-v3.6.99-linux-amd64.tar.gz.sha256 failed: HTTP 404")
        .hasMessageContaining("pin(\"etcd\", \"3.6.99\", Arch.AMD64, sha256)");
    assertThat(TestFiles.regularFiles(cache)).isEmpty();
  }

  @Test
  void missingFileIsAnErrorNamingTheUrlAndStatus() {
    assertThatThrownBy(() -> source().pin("kubelet", "1.35.0", Arch.ARM64, "1".repeat(64)).resolve("kubelet", "1.35.0", Arch.ARM64))
        .isInstanceOf(BinarySourceException.class)
        .hasMessage("download of " + mirror.base() + "dl.k8s.io/release/v1.35.0/bin/linux/arm64/kubelet failed: HTTP 404");
  }
}
