package dev.kubestrap.binaries;

import static dev.kubestrap.binaries.TestFiles.bytes;
import static dev.kubestrap.binaries.TestFiles.sha256;
import static dev.kubestrap.binaries.TestFiles.sha512;
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

  /** The loopback mirror speaks plain http, which a source accepts only when told to. */
  private DownloadSource source() {
    return BinarySource.official().allowPlainHttp().mirroredAt(mirror.base()).cacheIn(cache);
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
    assertThat(first.artifact().pin()).isEqualTo(new Pin("sha256", sha256(kubelet), Pin.CALLER));
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
  void serverProgramsComeFromThePinnedServerTarballDownloadedOnce() throws Exception {
    byte[] tarball = TestFiles.tarGz(work, Map.of(
        "kubernetes/server/bin/kube-apiserver*", "apiserver program",
        "kubernetes/server/bin/kube-controller-manager*", "kcm program",
        "kubernetes/server/bin/kube-scheduler*", "scheduler program",
        "kubernetes/server/bin/kube-proxy*", "proxy program",
        "kubernetes/server/bin/kube-apiserver.tar", "an image, not a program",
        "kubernetes/LICENSES", "text"));
    mirror.serve(official("kubernetes-server", "1.36.4"), tarball);
    DownloadSource source = source().pin("kubernetes-server", "1.36.4", Arch.AMD64, "sha512:" + sha512(tarball));

    ResolvedArtifact apiserver = source.resolve("kube-apiserver", "1.36.4", Arch.AMD64);
    ResolvedArtifact scheduler = source.resolve("kube-scheduler", "1.36.4", Arch.AMD64);
    ResolvedArtifact proxy = source.resolve("kube-proxy", "1.36.4", Arch.AMD64);

    assertThat(mirror.requests()).containsExactly("/files/dl.k8s.io/v1.36.4/kubernetes-server-linux-amd64.tar.gz");
    assertThat(apiserver.binaries()).extracting(LocalBinary::name).containsExactly("kube-apiserver");
    assertThat(Files.readString(apiserver.binary("kube-apiserver").path())).isEqualTo("apiserver program");
    assertThat(Files.readString(scheduler.binary("kube-scheduler").path())).isEqualTo("scheduler program");
    assertThat(proxy.binary("kube-proxy").sha256()).isEqualTo(sha256(bytes("proxy program")));
    assertThat(apiserver.verification()).isEqualTo(Verification.PINNED);
    assertThat(apiserver.artifact().fileName()).isEqualTo("kubernetes-server-linux-amd64.tar.gz");
    assertThat(apiserver.artifact().pin().algorithm()).isEqualTo("sha512");
    String unpacked = "kubernetes-server/1.36.4/amd64/kubernetes-server-linux-amd64.tar.gz.d/";
    assertThat(TestFiles.regularFiles(cache)).extracting(p -> cache.relativize(p).toString()).containsExactlyInAnyOrder(
        "kubernetes-server/1.36.4/amd64/kubernetes-server-linux-amd64.tar.gz", unpacked + "SHA256SUMS", unpacked + "SOURCE",
        unpacked + "MEMBERS", unpacked + "kube-apiserver", unpacked + "kube-controller-manager",
        unpacked + "kube-scheduler", unpacked + "kube-proxy");
  }

  @Test
  void theReleaseNotesSha512OfTheServerTarballIsEnforced() throws Exception {
    byte[] forged = TestFiles.tarGz(work, Map.of("kubernetes/server/bin/kube-apiserver*", "a forged apiserver"));
    mirror.serve(official("kubernetes-server", "1.36.0"), forged);

    assertThatThrownBy(() -> source().resolve("kube-apiserver", "1.36.0", Arch.AMD64))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessage("sha512 mismatch for " + mirror.base() + "dl.k8s.io/v1.36.0/kubernetes-server-linux-amd64.tar.gz"
            + ": expected 1c64da92575451c2c7ff97c79b772e603995f8e76da1371a6b0746aaa27b65dce81c4d734cbb50f40e71486a8e08df36f"
            + "14e12974f97d4d29e41f23a172a6a25, actual " + sha512(forged));
    assertThat(TestFiles.regularFiles(cache)).isEmpty();
  }

  @Test
  void aDigestServedBesideAnUnpinnedFileIsNeverFetchedNorTrusted() throws Exception {
    byte[] apiserver = bytes("#!/bin/sh\necho kube-apiserver\n");
    URI url = official("kube-apiserver", "1.36.4");
    mirror.serve(url, apiserver);
    mirror.serve(URI.create(url + ".sha256"), bytes(sha256(apiserver)));

    assertThatThrownBy(() -> source().resolve("kube-apiserver", "1.36.4", Arch.AMD64))
        .isInstanceOf(UnpinnedArtifactException.class)
        .hasMessage("kube-apiserver 1.36.4 amd64 has no pinned digest (kubestrap's tables do not list this version, "
            + "and a digest served beside the file is not trusted): pin the server tarball with "
            + "pin(\"kubernetes-server\", \"1.36.4\", Arch.AMD64, \"sha512:<hex from the release notes>\"), or the "
            + "program with pin(\"kube-apiserver\", \"1.36.4\", Arch.AMD64, \"sha256:<hex>\"), or accept an unchecked "
            + "download with allowUnpinned()");
    assertThat(mirror.requests()).isEmpty();
    assertThat(TestFiles.regularFiles(cache)).isEmpty();
  }

  @Test
  void aPinnedBareServerProgramIsDownloadedInsteadOfTheTarball() {
    byte[] scheduler = bytes("scheduler built by me");
    mirror.serve(official("kube-scheduler", "1.36.4"), scheduler);

    ResolvedArtifact resolved = source().pin("kube-scheduler", "1.36.4", Arch.AMD64, sha256(scheduler))
        .resolve("kube-scheduler", "1.36.4", Arch.AMD64);

    assertThat(resolved.verification()).isEqualTo(Verification.PINNED);
    assertThat(mirror.requests()).containsExactly("/files/dl.k8s.io/v1.36.4/bin/linux/amd64/kube-scheduler");
  }

  @Test
  void anUnpinnedFileIsAcceptedUncheckedOnlyAfterAllowUnpinned() {
    byte[] runc = bytes("runc from the future");
    mirror.serve(official("runc", "9.9.9"), runc);

    ResolvedArtifact resolved = source().allowUnpinned().resolve("runc", "9.9.9", Arch.AMD64);

    assertThat(resolved.verification()).isEqualTo(Verification.COMPUTED_ONLY);
    assertThat(resolved.artifact().pinned()).isEmpty();
    assertThat(resolved.binary("runc").sha256()).isEqualTo(sha256(runc));
    assertThat(source().allowUnpinned().acceptsUnpinned()).isTrue();
    assertThat(source().acceptsUnpinned()).isFalse();
  }

  @Test
  void aPlainHttpMirrorIsRefusedUnlessAllowed() {
    URI plain = mirror.base();
    byte[] runc = bytes("runc binary");
    mirror.serve(official("runc", "1.4.3"), runc);

    assertThatThrownBy(() -> BinarySource.mirror(plain))
        .isInstanceOf(BinarySourceException.class)
        .hasMessage("mirror uses plain http: '" + plain + "' (anyone on the way could swap the files, and only the "
            + "pins would stop them); use https, or accept it with BinarySource.official().allowPlainHttp().mirroredAt(...)");
    ResolvedArtifact resolved = BinarySource.official().allowPlainHttp().mirroredAt(plain).cacheIn(cache)
        .pin("runc", "1.4.3", Arch.AMD64, sha256(runc)).resolve("runc", "1.4.3", Arch.AMD64);
    assertThat(resolved.verification()).isEqualTo(Verification.PINNED);
  }

  @Test
  void aFileMirrorIsReadFromTheLocalDirectory() throws Exception {
    byte[] kubectl = bytes("kubectl from a local copy");
    Path copy = work.resolve("mirror/dl.k8s.io/release/v1.36.4/bin/linux/amd64/kubectl");
    Files.createDirectories(copy.getParent());
    Files.write(copy, kubectl);
    List<DownloadProgress> events = new CopyOnWriteArrayList<>();

    ResolvedArtifact resolved = BinarySource.mirror(work.resolve("mirror").toUri()).cacheIn(cache)
        .listener(events::add).pin("kubectl", "1.36.4", Arch.AMD64, sha256(kubectl))
        .resolve("kubectl", "1.36.4", Arch.AMD64);

    assertThat(Files.readAllBytes(resolved.binary("kubectl").path())).isEqualTo(kubectl);
    assertThat(events.get(events.size() - 1).done()).isTrue();
    assertThatThrownBy(() -> BinarySource.mirror(work.resolve("mirror").toUri()).cacheIn(cache)
        .pin("kubectl", "1.35.0", Arch.AMD64, sha256(kubectl)).resolve("kubectl", "1.35.0", Arch.AMD64))
        .isInstanceOf(BinarySourceException.class)
        .hasMessageContaining("no such file " + work.resolve("mirror/dl.k8s.io/release/v1.35.0/bin/linux/amd64/kubectl"));
  }

  @Test
  void mirrorUrlsThatCannotWorkAreRefusedNamingThem() {
    assertThatThrownBy(() -> BinarySource.mirror(URI.create("files/k8s")))
        .isInstanceOf(BinarySourceException.class)
        .hasMessage("mirror must be an https URL, or file:///path for a local copy: 'files/k8s'");
    assertThatThrownBy(() -> BinarySource.mirror(URI.create("ftp://files.example.test/k8s")))
        .hasMessage("mirror must be an https URL, or file:///path for a local copy: 'ftp://files.example.test/k8s'");
    assertThatThrownBy(() -> BinarySource.mirror(URI.create("file://server/share")))
        .hasMessage("file mirror must name a local directory as file:///path: 'file://server/share'");
    assertThatThrownBy(() -> BinarySource.mirror(URI.create("https:///k8s")))
        .hasMessage("mirror URL has no host: 'https:///k8s'");
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
  void etcdTarballIsUnpackedToEtcdEtcdctlAndEtcdutl() throws Exception {
    byte[] tarball = TestFiles.tarGz(work, Map.of(
        "etcd-v3.6.14-linux-amd64/etcd*", "etcd program",
        "etcd-v3.6.14-linux-amd64/etcdctl*", "etcdctl program",
        "etcd-v3.6.14-linux-amd64/etcdutl*", "etcdutl program",
        "etcd-v3.6.14-linux-amd64/README.md", "readme"));
    mirror.serve(official("etcd", "3.6.14"), tarball);

    ResolvedArtifact etcd = source().pin("etcd", "3.6.14", Arch.AMD64, sha256(tarball)).resolve("etcd", "3.6.14", Arch.AMD64);

    assertThat(etcd.binaries()).extracting(LocalBinary::name).containsExactly("etcd", "etcdctl", "etcdutl");
    LocalBinary etcdctl = etcd.binary("etcdctl");
    assertThat(Files.readString(etcdctl.path())).isEqualTo("etcdctl program");
    assertThat(etcdctl.sha256()).isEqualTo(sha256(bytes("etcdctl program")));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etcdctl.path()))).isEqualTo("rwxr-xr-x");
    assertThat(etcd.artifact().pin().hex()).isEqualTo(sha256(tarball));
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
  void anUnpinnedFileIsRefusedBeforeAnyRequestWithTheCallThatWouldPinIt() throws Exception {
    mirror.serve(official("etcd", "3.6.99"), bytes("unpinned etcd"));

    assertThatThrownBy(() -> source().resolve("etcd", "3.6.99", Arch.AMD64))
        .isInstanceOf(UnpinnedArtifactException.class)
        .hasMessageContaining("etcd 3.6.99 amd64 has no pinned digest")
        .hasMessageContaining("pin it with pin(\"etcd\", \"3.6.99\", Arch.AMD64, \"sha256:<hex>\")")
        .hasMessageContaining("allowUnpinned()");
    assertThat(mirror.requests()).isEmpty();
    assertThat(TestFiles.regularFiles(cache)).isEmpty();
  }

  @Test
  void missingFileIsAnErrorNamingTheUrlAndStatus() {
    assertThatThrownBy(() -> source().pin("kubelet", "1.35.0", Arch.ARM64, "1".repeat(64)).resolve("kubelet", "1.35.0", Arch.ARM64))
        .isInstanceOf(BinarySourceException.class)
        .hasMessage("download of " + mirror.base() + "dl.k8s.io/release/v1.35.0/bin/linux/arm64/kubelet failed: HTTP 404");
  }
}
