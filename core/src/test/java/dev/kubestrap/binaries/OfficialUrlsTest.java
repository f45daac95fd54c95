package dev.kubestrap.binaries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The URL templates and pins from the reference tables, expanded without any network access. */
class OfficialUrlsTest {
  private final DownloadSource official = BinarySource.official();

  @Test
  void kubernetesNodeBinariesComeFromDlK8sIoRelease() {
    assertThat(official.artifact("kubelet", "1.36.4", Arch.AMD64).url())
        .isEqualTo(URI.create("https://dl.k8s.io/release/v1.36.4/bin/linux/amd64/kubelet"));
    assertThat(official.artifact("kubectl", "v1.35.8", Arch.ARM64).url())
        .isEqualTo(URI.create("https://dl.k8s.io/release/v1.35.8/bin/linux/arm64/kubectl"));
  }

  @Test
  void controlPlaneBinariesComeFromDlK8sIo() {
    assertThat(official.artifact("kube-apiserver", "1.36.4", Arch.AMD64).url())
        .isEqualTo(URI.create("https://dl.k8s.io/v1.36.4/bin/linux/amd64/kube-apiserver"));
    assertThat(official.artifact("kube-proxy", "1.34.11", Arch.ARM64).url())
        .isEqualTo(URI.create("https://dl.k8s.io/v1.34.11/bin/linux/arm64/kube-proxy"));
  }

  @Test
  void githubReleasesExpandToTheirPublishedFileNames() {
    assertThat(official.artifact("etcd", "3.6.14", Arch.AMD64).url()).isEqualTo(URI.create(
        "https://github.com/etcd-io/etcd/releases/download/v3.6.14/etcd-v3.6.14-linux-amd64.tar.gz"));
    assertThat(official.artifact("containerd", "2.3.4", Arch.ARM64).url()).isEqualTo(URI.create(
        "https://github.com/containerd/containerd/releases/download/v2.3.4/containerd-2.3.4-linux-arm64.tar.gz"));
    assertThat(official.artifact("runc", "1.4.3", Arch.AMD64).url()).isEqualTo(URI.create(
        "https://github.com/opencontainers/runc/releases/download/v1.4.3/runc.amd64"));
    assertThat(official.artifact("cni-plugins", "1.9.1", Arch.AMD64).url()).isEqualTo(URI.create(
        "https://github.com/containernetworking/plugins/releases/download/v1.9.1/cni-plugins-linux-amd64-v1.9.1.tgz"));
    assertThat(official.artifact("crictl", "1.36.0", Arch.AMD64).url()).isEqualTo(URI.create(
        "https://github.com/kubernetes-sigs/cri-tools/releases/download/v1.36.0/crictl-v1.36.0-linux-amd64.tar.gz"));
  }

  @Test
  void pinnedDigestsComeFromKubespraysTable() {
    assertThat(official.artifact("kubelet", "1.36.4", Arch.AMD64).pin())
        .isEqualTo(new Pin("sha256", "cf2562db46c48ab84cc3791540778ee7fb1a0a008529adbb434723dd02ed8b4b",
            "kubespray checksums.yml"));
    assertThat(official.artifact("etcd", "3.6.14", Arch.ARM64).pinnedSha256())
        .contains("fa1b80565ee6fc2df1ae6f57a508b221f3ecc7d591c317c581cd8281b0842b3e");
    assertThat(official.artifact("runc", "1.4.3", Arch.AMD64).pinnedSha256())
        .contains("f6ae8efc0fa40079e1475e97cbe9d1bd3f106a28d6af78a11d9f1bd565515e60");
  }

  @Test
  void serverProgramsComeFromTheServerTarballPinnedByTheReleaseNotes() {
    Artifact apiserver = official.artifact("kube-apiserver", "1.36.0", Arch.AMD64);

    assertThat(apiserver.url()).isEqualTo(URI.create("https://dl.k8s.io/v1.36.0/kubernetes-server-linux-amd64.tar.gz"));
    assertThat(apiserver.component()).isEqualTo("kubernetes-server");
    assertThat(apiserver.pin().digest()).isEqualTo("sha512:1c64da92575451c2c7ff97c79b772e603995f8e76da1371a6b0746aaa27b"
        + "65dce81c4d734cbb50f40e71486a8e08df36f14e12974f97d4d29e41f23a172a6a25");
    assertThat(apiserver.pin().source()).isEqualTo("Kubernetes release notes CHANGELOG-1.36.md");
    assertThat(official.artifact("kube-proxy", "1.34.5", Arch.ARM64).pin().hex()).startsWith("f81d5329098b6b8c");
    assertThat(official.artifact("kubernetes-node", "1.35.2", Arch.AMD64).pin().hex()).startsWith("499a61b38dbcddb7");
  }

  @Test
  void aServerProgramOfAVersionNoTableListsIsItsBareBinaryWithoutAPin() {
    Artifact apiserver = official.artifact("kube-apiserver", "1.36.4", Arch.AMD64);

    assertThat(apiserver.url()).isEqualTo(URI.create("https://dl.k8s.io/v1.36.4/bin/linux/amd64/kube-apiserver"));
    assertThat(apiserver.pinned()).isEmpty();
  }

  /**
   * Which supported versions have every program pinned. The versions whose release notes were not at hand when
   * the sha512 table was made are listed here, so that adding their rows makes this test ask for the list to shrink.
   */
  @Test
  void everySupportedVersionIsPinnedForEveryProgramExceptTheListedGaps() {
    java.util.Set<String> gaps = java.util.Set.of("1.34.8", "1.34.9", "1.34.10", "1.34.11", "1.35.5", "1.35.6",
        "1.35.7", "1.35.8", "1.36.1", "1.36.2", "1.36.3", "1.36.4");
    java.util.Set<String> unpinned = new java.util.TreeSet<>();
    for (String[] row : ReferenceTable.rows("checksums.tsv", 4)) {
      if (!row[0].equals("kubelet")) {
        continue;
      }
      for (Arch arch : Arch.values()) {
        for (String program : java.util.List.of("kubelet", "kubectl", "kubeadm", "kube-apiserver",
            "kube-controller-manager", "kube-scheduler", "kube-proxy")) {
          if (official.artifact(program, row[1], arch).pinned().isEmpty()) {
            unpinned.add(row[1]);
          }
        }
      }
    }
    assertThat(unpinned).isEqualTo(new java.util.TreeSet<>(gaps));
  }

  @Test
  void aCallersPinWinsOverTheTable() {
    String mine = "a".repeat(64);

    assertThat(official.pin("kubelet", "v1.36.4", Arch.AMD64, "sha256:" + mine.toUpperCase())
        .artifact("kubelet", "1.36.4", Arch.AMD64).pin()).isEqualTo(new Pin("sha256", mine, Pin.CALLER));
  }

  @Test
  void mirrorKeepsTheUpstreamHostAsTheFirstDirectory() {
    DownloadSource mirror = BinarySource.mirror(URI.create("https://files.example.test/k8s"));

    assertThat(mirror.artifact("kubelet", "1.36.4", Arch.AMD64).url())
        .isEqualTo(URI.create("https://files.example.test/k8s/dl.k8s.io/release/v1.36.4/bin/linux/amd64/kubelet"));
    assertThat(mirror.artifact("etcd", "3.6.14", Arch.AMD64).url()).isEqualTo(URI.create(
        "https://files.example.test/k8s/github.com/etcd-io/etcd/releases/download/v3.6.14/etcd-v3.6.14-linux-amd64.tar.gz"));
  }

  @Test
  void badInputIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> official.artifact("kube-dns", "1.36.4", Arch.AMD64)).hasMessageContaining("'kube-dns'");
    assertThatThrownBy(() -> official.artifact("kubelet", "1.36", Arch.AMD64))
        .hasMessage("version must look like 1.36.4: '1.36'");
    assertThatThrownBy(() -> official.pin("kubelet", "1.36.4", Arch.AMD64, "abc"))
        .hasMessage("sha256 must be 64 hex digits: 'abc'");
    assertThatThrownBy(() -> Arch.of("s390x")).hasMessage("arch must be amd64 or arm64: 's390x'");
    assertThatThrownBy(() -> official.pin("kubernetes-server", "1.36.4", Arch.AMD64, "sha512:abc"))
        .hasMessage("sha512 must be 128 hex digits: 'abc'");
    assertThatThrownBy(() -> official.pin("kubelet", "1.36.4", Arch.AMD64, "md5:abc"))
        .hasMessage("digest algorithm must be sha256 or sha512: 'md5'");
  }

  @Test
  void everyComponentWithATemplateKnowsWhatItContains() {
    assertThat(Contents.BY_COMPONENT.keySet()).containsAll(BinarySource.components());
    for (String component : BinarySource.components()) {
      if (Contents.of(component) instanceof Contents.Bare bare) {
        assertThat(bare.name()).as("a bare download is the program itself").isEqualTo(component);
      }
    }
    assertThat(Contents.of("etcd")).isEqualTo(new Contents.Named(java.util.Set.of("etcd", "etcdctl"),
        java.util.Set.of("etcdutl")));
    assertThat(Contents.of("containerd")).isEqualTo(new Contents.Directory("bin"));
    assertThat(Contents.of("cni-plugins")).isInstanceOf(Contents.TopLevelExecutables.class);
    assertThat(BinarySource.components()).contains("kubelet", "kube-apiserver", "etcd", "containerd", "cni-plugins");
  }
}
