package dev.kubestrap.binaries;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples shown in docs/binaries.md, compiled and run against a mirror on 127.0.0.1. */
class BinariesExamplesTest {
  @TempDir
  Path cacheDir;

  @TempDir
  Path bundleDir;

  @Test
  void examplesResolveFromAMirrorADirectoryAndTheHost() throws Exception {
    byte[] apiserverBytes = TestFiles.bytes("apiserver");
    try (MirrorServer server = new MirrorServer()) {
      URI official = BinarySource.official().artifact("kube-apiserver", "1.36.4", Arch.AMD64).url();
      server.serve(official, apiserverBytes);
      server.serve(URI.create(official + ".sha256"), TestFiles.bytes(TestFiles.sha256(apiserverBytes)));
      URI mirrorBase = server.base();
      StringBuilder log = new StringBuilder();

      // tag::download[]
      BinarySource source = BinarySource.mirror(mirrorBase)          // or BinarySource.official()
          .cacheIn(cacheDir)                                          // default ~/.cache/kubestrap/binaries
          .listener(p -> log.append(p.bytesSoFar()).append('/').append(p.totalBytes()).append(' '));

      ResolvedArtifact apiserver = source.resolve("kube-apiserver", "1.36.4", Arch.AMD64);
      LocalBinary binary = apiserver.binary("kube-apiserver");
      // binary.path() is in the cache; binary.sha256() is what the host's copy must hash to
      // end::download[]

      assertThat(apiserver.verification()).isEqualTo(Verification.PUBLISHED_DIGEST);
      assertThat(Files.readAllBytes(binary.path())).isEqualTo(apiserverBytes);
      assertThat(log.toString()).isEqualTo("0/9 9/9 ");
    }

    String myDigest = TestFiles.sha256(TestFiles.bytes("kcm"));
    Files.write(bundleDir.resolve("kube-controller-manager"), TestFiles.bytes("kcm"));
    // tag::directory[]
    BinarySource bundle = BinarySource.directory(bundleDir)   // holds kube-controller-manager, etcd-v3.6.14-linux-amd64.tar.gz, ...
        .cacheIn(cacheDir)                                     // where archives are unpacked
        .pin("kube-controller-manager", "1.36.4", Arch.AMD64, myDigest);
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
