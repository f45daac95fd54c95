package dev.kubestrap.binaries;

import static dev.kubestrap.binaries.TestFiles.bytes;
import static dev.kubestrap.binaries.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BinarySource#directory(Path)} and {@link BinarySource#onHost(Path)}. */
class LocalSourcesTest {
  @TempDir
  Path bundle;

  @TempDir
  Path cache;

  @Test
  void unpinnedFileInADirectoryIsReportedWithItsComputedSha256() throws Exception {
    Files.write(bundle.resolve("kube-controller-manager"), bytes("kcm"));

    ResolvedArtifact resolved = BinarySource.directory(bundle).cacheIn(cache)
        .resolve("kube-controller-manager", "1.36.4", Arch.AMD64);

    assertThat(resolved.verification()).isEqualTo(Verification.COMPUTED_ONLY);
    assertThat(resolved.binary("kube-controller-manager").sha256()).isEqualTo(sha256(bytes("kcm")));
    assertThat(resolved.binary("kube-controller-manager").path()).isEqualTo(bundle.resolve("kube-controller-manager"));
  }

  /**
   * Resolutions remember a file's digest while its stamp holds; a file rewritten in place to the same size with its
   * modification time set back is read again, because its change time moved.
   */
  @Test
  void aFileRewrittenToTheSameSizeAndTimeIsHashedAgain() throws Exception {
    Path proxy = bundle.resolve("kube-proxy");
    Files.write(proxy, bytes("proxy"));
    Files.writeString(bundle.resolve("kube-proxy.sha256"), sha256(bytes("proxy")));
    BinarySource source = BinarySource.directory(bundle);
    assertThat(source.resolve("kube-proxy", "1.36.4", Arch.AMD64).verification())
        .isEqualTo(Verification.PUBLISHED_DIGEST);
    FileTime modified = Files.getLastModifiedTime(proxy);

    Files.write(proxy, bytes("proxi"));
    Files.setLastModifiedTime(proxy, modified);

    assertThatThrownBy(() -> source.resolve("kube-proxy", "1.36.4", Arch.AMD64))
        .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining(sha256(bytes("proxi")));
  }

  @Test
  void companionSha256FileInTheDirectoryIsChecked() throws Exception {
    Files.write(bundle.resolve("kube-proxy"), bytes("proxy"));
    Files.writeString(bundle.resolve("kube-proxy.sha256"), sha256(bytes("proxy")));

    ResolvedArtifact resolved = BinarySource.directory(bundle).resolve("kube-proxy", "1.36.4", Arch.AMD64);

    assertThat(resolved.verification()).isEqualTo(Verification.PUBLISHED_DIGEST);
  }

  @Test
  void fileThatDisagreesWithTheTablePinIsRefused() throws Exception {
    Files.write(bundle.resolve("kubelet"), bytes("fake kubelet"));

    assertThatThrownBy(() -> BinarySource.directory(bundle).resolve("kubelet", "1.36.4", Arch.AMD64))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessage("sha256 mismatch for " + bundle.resolve("kubelet").toUri()
            + ": expected cf2562db46c48ab84cc3791540778ee7fb1a0a008529adbb434723dd02ed8b4b, actual "
            + sha256(bytes("fake kubelet")));
  }

  @Test
  void pinnedTarballInADirectoryIsUnpackedIntoTheCacheNotTheBundle() throws Exception {
    byte[] tarball = TestFiles.tarGz(cache, Map.of("etcd-v3.5.33-linux-arm64/etcd*", "e", "etcd-v3.5.33-linux-arm64/etcdctl*", "c"));
    Files.write(bundle.resolve("etcd-v3.5.33-linux-arm64.tar.gz"), tarball);

    ResolvedArtifact etcd = BinarySource.directory(bundle).cacheIn(cache)
        .pin("etcd", "3.5.33", Arch.ARM64, sha256(tarball))
        .resolve("etcd", "3.5.33", Arch.ARM64);

    assertThat(etcd.verification()).isEqualTo(Verification.PINNED);
    assertThat(etcd.binary("etcd").path()).startsWith(cache);
    try (var files = Files.list(bundle)) {
      assertThat(files).containsExactly(bundle.resolve("etcd-v3.5.33-linux-arm64.tar.gz"));
    }
  }

  /**
   * Two builds of the same version (two directories of programs built from source) share one unpacking cache: the
   * second archive is unpacked again, with every program it has, not served from the first one's unpacking.
   */
  @Test
  void anotherArchiveOfTheSameNameIsUnpackedAgainNotServedFromTheCache(@TempDir Path newer) throws Exception {
    byte[] first = TestFiles.tarGz(cache, Map.of("etcd-v3.6.14-linux-amd64/etcd*", "e1",
        "etcd-v3.6.14-linux-amd64/etcdctl*", "c1"));
    Files.write(bundle.resolve("etcd-v3.6.14-linux-amd64.tar.gz"), first);
    byte[] second = TestFiles.tarGz(cache, Map.of("etcd-v3.6.14-linux-amd64/etcd*", "e2",
        "etcd-v3.6.14-linux-amd64/etcdctl*", "c2", "etcd-v3.6.14-linux-amd64/etcdutl*", "u2"));
    Files.write(newer.resolve("etcd-v3.6.14-linux-amd64.tar.gz"), second);
    BinarySource.directory(bundle).cacheIn(cache).pin("etcd", "3.6.14", Arch.AMD64, sha256(first))
        .resolve("etcd", "3.6.14", Arch.AMD64);

    ResolvedArtifact etcd = BinarySource.directory(newer).cacheIn(cache).pin("etcd", "3.6.14", Arch.AMD64, sha256(second))
        .resolve("etcd", "3.6.14", Arch.AMD64);

    assertThat(etcd.binary("etcd").sha256()).isEqualTo(sha256(bytes("e2")));
    assertThat(Files.readString(etcd.binary("etcd").path())).isEqualTo("e2");
    assertThat(etcd.binary("etcdutl").sha256()).isEqualTo(sha256(bytes("u2")));
  }

  @Test
  void aServerProgramMissingFromTheDirectoryIsTakenFromThePinnedServerTarballThere() throws Exception {
    byte[] tarball = TestFiles.tarGz(cache, Map.of("kubernetes/server/bin/kube-apiserver*", "a",
        "kubernetes/server/bin/kube-controller-manager*", "c", "kubernetes/server/bin/kube-scheduler*", "s",
        "kubernetes/server/bin/kube-proxy*", "p"));
    Files.write(bundle.resolve("kubernetes-server-linux-amd64.tar.gz"), tarball);
    DirectorySource source = BinarySource.directory(bundle).cacheIn(cache)
        .pin("kubernetes-server", "1.36.4", Arch.AMD64, "sha512:" + TestFiles.sha512(tarball));

    ResolvedArtifact scheduler = source.resolve("kube-scheduler", "1.36.4", Arch.AMD64);

    assertThat(scheduler.verification()).isEqualTo(Verification.PINNED);
    assertThat(scheduler.binaries()).extracting(LocalBinary::name).containsExactly("kube-scheduler");
    assertThat(Files.readString(scheduler.binary("kube-scheduler").path())).isEqualTo("s");
    // the tarball's name carries no version: the release notes' pin of 1.36.0 tells this one apart
    assertThatThrownBy(() -> BinarySource.directory(bundle).cacheIn(cache).resolve("kube-proxy", "1.36.0", Arch.AMD64))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("sha512 mismatch for " + bundle.resolve("kubernetes-server-linux-amd64.tar.gz").toUri()
            + ": expected 1c64da92575451c2");
  }

  @Test
  void missingFileNamesThePathExpected() {
    assertThatThrownBy(() -> BinarySource.directory(bundle).resolve("runc", "1.4.3", Arch.AMD64))
        .isInstanceOf(BinarySourceException.class)
        .hasMessage("runc 1.4.3 amd64 not found: expected " + bundle.resolve("runc.amd64"));
  }

  @Test
  void onHostSourceSendsNothingAndNamesTheDirectory() {
    ResolvedArtifact resolved = BinarySource.onHost(Path.of("/usr/local/bin")).resolve("kubelet", "1.36.4", Arch.AMD64);

    assertThat(resolved.onHost()).isTrue();
    assertThat(resolved.installedOnHost()).contains(Path.of("/usr/local/bin"));
    assertThat(resolved.binaries()).isEmpty();
    assertThat(resolved.verification()).isEqualTo(Verification.ON_HOST);
  }

  @Test
  void onHostDirectoryMustBeAbsolute() {
    assertThatThrownBy(() -> BinarySource.onHost(Path.of("bin")))
        .hasMessage("onHost directory must be an absolute path: 'bin'");
  }
}
