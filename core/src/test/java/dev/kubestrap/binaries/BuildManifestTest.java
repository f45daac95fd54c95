package dev.kubestrap.binaries;

import static dev.kubestrap.binaries.TestFiles.bytes;
import static dev.kubestrap.binaries.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory of programs built from source: its {@link BuildManifest} holds the digests it is checked against. */
class BuildManifestTest {
  @TempDir
  Path bundle;

  @TempDir
  Path cache;

  private void manifest(String... rows) throws Exception {
    Files.writeString(bundle.resolve(BuildManifest.FILE_NAME),
        "# built by a test\n# columns: file component version arch sha256 module note\n" + String.join("\n", rows) + "\n");
  }

  private static String row(String file, String component, String version, String sha256) {
    return String.join("\t", file, component, version, "amd64", sha256, "k8s.io/kubernetes/cmd/" + component + "@v" + version,
        "built from source");
  }

  @Test
  void builtProgramIsCheckedAgainstTheManifestNotTheOfficialPin() throws Exception {
    Files.write(bundle.resolve("kubelet"), bytes("kubelet built here"));
    manifest(row("kubelet", "kubelet", "1.36.4", sha256(bytes("kubelet built here"))));

    ResolvedArtifact kubelet = BinarySource.directory(bundle).cacheIn(cache).resolve("kubelet", "1.36.4", Arch.AMD64);

    assertThat(kubelet.verification()).isEqualTo(Verification.BUILT_FROM_SOURCE);
    assertThat(kubelet.artifact().pin().hex()).isEqualTo(sha256(bytes("kubelet built here")));
  }

  @Test
  void programThatDisagreesWithTheManifestIsRefused() throws Exception {
    Files.write(bundle.resolve("kube-apiserver"), bytes("swapped after the build"));
    manifest(row("kube-apiserver", "kube-apiserver", "1.36.4", sha256(bytes("what was built"))));

    assertThatThrownBy(() -> BinarySource.directory(bundle).resolve("kube-apiserver", "1.36.4", Arch.AMD64))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("expected " + sha256(bytes("what was built")));
  }

  @Test
  void withoutAManifestRowTheOfficialPinStillApplies() throws Exception {
    Files.write(bundle.resolve("kubelet"), bytes("not the official kubelet"));
    manifest(row("kube-proxy", "kube-proxy", "1.36.4", sha256(bytes("proxy"))));

    assertThatThrownBy(() -> BinarySource.directory(bundle).resolve("kubelet", "1.36.4", Arch.AMD64))
        .isInstanceOf(ChecksumMismatchException.class);
  }

  @Test
  void callersPinWinsOverTheManifest() throws Exception {
    Files.write(bundle.resolve("kube-proxy"), bytes("proxy"));
    manifest(row("kube-proxy", "kube-proxy", "1.36.4", sha256(bytes("something else"))));

    ResolvedArtifact proxy = BinarySource.directory(bundle).pin("kube-proxy", "1.36.4", Arch.AMD64, sha256(bytes("proxy")))
        .resolve("kube-proxy", "1.36.4", Arch.AMD64);

    assertThat(proxy.verification()).isEqualTo(Verification.PINNED);
  }

  @Test
  void malformedRowIsRefusedWithItsLineNumber() throws Exception {
    manifest("kubelet\tkubelet\t1.36.4\tamd64\tnot-a-digest\tm\tnote");

    assertThatThrownBy(() -> BinarySource.directory(bundle))
        .isInstanceOf(BinarySourceException.class)
        .hasMessageContaining(BuildManifest.FILE_NAME + ":3: ");
  }

  @Test
  void rowUnderAnotherFileNameIsRefused() throws Exception {
    Files.write(bundle.resolve("kubelet"), bytes("k"));
    manifest(row("kubelet-custom", "kubelet", "1.36.4", sha256(bytes("k"))));

    assertThatThrownBy(() -> BinarySource.directory(bundle).resolve("kubelet", "1.36.4", Arch.AMD64))
        .isInstanceOf(BinarySourceException.class)
        .hasMessageContaining("'kubelet-custom', expected its release file name 'kubelet'");
  }

  @Test
  void imageArchivesAreListedWithTheirReferences() throws Exception {
    manifest(row("kubelet", "kubelet", "1.36.4", sha256(bytes("k"))),
        String.join("\t", "images/registry.k8s.io_pause_3.10.2.tar", "image:registry.k8s.io/pause", "3.10.2", "amd64",
            sha256(bytes("pause")), "k8s.io/kubernetes@v1.36.4 build/pause/linux/pause.c", "built from source"));

    BuildManifest read = BuildManifest.in(bundle).orElseThrow();

    assertThat(read.images()).singleElement()
        .satisfies(image -> assertThat(image.imageReference()).isEqualTo("registry.k8s.io/pause:3.10.2"));
    assertThat(read.program("kubelet", "v1.36.4", Arch.AMD64)).isPresent();
  }
}
