package dev.kubestrap.binaries;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples shown in docs/binaries.md, compiled and run against a mirror in a local directory. */
class BinariesExamplesTest {
  @TempDir
  Path cacheDir;

  @TempDir
  Path bundleDir;

  @TempDir
  Path work;

  @Test
  void examplesResolveFromAMirrorADirectoryAndTheHost() throws Exception {
    byte[] tarball = TestFiles.tarGz(work, java.util.Map.of("kubernetes/server/bin/kube-apiserver*", "apiserver",
        "kubernetes/server/bin/kube-controller-manager*", "kcm", "kubernetes/server/bin/kube-scheduler*", "scheduler",
        "kubernetes/server/bin/kube-proxy*", "proxy"));
    Path copy = work.resolve("mirror/dl.k8s.io/v1.36.4/kubernetes-server-linux-amd64.tar.gz");
    Files.createDirectories(copy.getParent());
    Files.write(copy, tarball);
    URI mirrorBase = work.resolve("mirror").toUri();
    String releaseNotesSha512 = TestFiles.sha512(tarball);
    StringBuilder log = new StringBuilder();

    // tag::download[]
    BinarySource source = BinarySource.mirror(mirrorBase)          // an https or file:/// mirror, or BinarySource.official()
        .cacheIn(cacheDir)                                          // default ~/.cache/kubestrap/binaries
        .pin("kubernetes-server", "1.36.4", Arch.AMD64,             // a version newer than kubestrap's tables:
            "sha512:" + releaseNotesSha512)                         // the server tarball's sha512 from the release notes
        .listener(p -> log.append(p.bytesSoFar()).append('/').append(p.totalBytes()).append(' '));

    ResolvedArtifact apiserver = source.resolve("kube-apiserver", "1.36.4", Arch.AMD64);
    LocalBinary binary = apiserver.binary("kube-apiserver");
    // binary.path() is in the cache; binary.sha256() is what the host's copy must hash to
    // end::download[]

    assertThat(apiserver.verification()).isEqualTo(Verification.PINNED);
    assertThat(Files.readString(binary.path())).isEqualTo("apiserver");
    assertThat(log.toString()).isEqualTo("0/" + tarball.length + " " + tarball.length + "/" + tarball.length + " ");

    String myDigest = TestFiles.sha256(TestFiles.bytes("kcm"));
    Files.write(bundleDir.resolve("kube-controller-manager"), TestFiles.bytes("kcm"));
    // tag::directory[]
    BinarySource bundle = BinarySource.directory(bundleDir)   // holds kube-controller-manager, etcd-v3.6.14-linux-amd64.tar.gz, ...
        .cacheIn(cacheDir)                                     // where archives are unpacked
        .pin("kube-controller-manager", "1.36.4", Arch.AMD64, myDigest);   // sha256 of your build
    ResolvedArtifact kcm = bundle.resolve("kube-controller-manager", "1.36.4", Arch.AMD64);
    // end::directory[]
    assertThat(kcm.verification()).isEqualTo(Verification.PINNED);

    // tag::onhost[]
    ResolvedArtifact installed = BinarySource.onHost(Path.of("/usr/bin")).resolve("etcd", "3.4.30", Arch.AMD64);
    // installed.onHost() is true: nothing is uploaded, the units point at /usr/bin
    // end::onhost[]
    assertThat(installed.installedOnHost()).contains(Path.of("/usr/bin"));
  }
}
