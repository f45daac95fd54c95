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
  void pinnedDigestsComeFromTheChecksumTable() {
    assertThat(official.artifact("kubelet", "1.36.4", Arch.AMD64).sha256())
        .isEqualTo("cf2562db46c48ab84cc3791540778ee7fb1a0a008529adbb434723dd02ed8b4b");
    assertThat(official.artifact("etcd", "3.6.14", Arch.ARM64).sha256())
        .isEqualTo("fa1b80565ee6fc2df1ae6f57a508b221f3ecc7d591c317c581cd8281b0842b3e");
    assertThat(official.artifact("runc", "1.4.3", Arch.AMD64).sha256())
        .isEqualTo("f6ae8efc0fa40079e1475e97cbe9d1bd3f106a28d6af78a11d9f1bd565515e60");
  }

  @Test
  void controlPlaneBinariesHaveNoPinSoThePublishedDigestIsUsed() {
    assertThat(official.artifact("kube-apiserver", "1.36.4", Arch.AMD64).pinnedSha256()).isEmpty();
  }

  @Test
  void aCallersPinWinsOverTheTable() {
    String mine = "a".repeat(64);

    assertThat(official.pin("kubelet", "v1.36.4", Arch.AMD64, "sha256:" + mine.toUpperCase())
        .artifact("kubelet", "1.36.4", Arch.AMD64).sha256()).isEqualTo(mine);
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
    assertThatThrownBy(() -> BinarySource.mirror(URI.create("files/k8s")))
        .hasMessage("mirror must be an absolute http(s) URL with a host: 'files/k8s'");
  }

  @Test
  void everyComponentWithATemplateKnowsWhatItContains() {
    assertThat(Contents.BY_COMPONENT.keySet()).containsAll(BinarySource.components());
    for (String component : BinarySource.components()) {
      if (Contents.of(component) instanceof Contents.Bare bare) {
        assertThat(bare.name()).as("a bare download is the program itself").isEqualTo(component);
      }
    }
    assertThat(Contents.of("etcd")).isEqualTo(new Contents.Named(java.util.Set.of("etcd", "etcdctl")));
    assertThat(Contents.of("containerd")).isEqualTo(new Contents.Directory("bin"));
    assertThat(Contents.of("cni-plugins")).isInstanceOf(Contents.TopLevelExecutables.class);
    assertThat(BinarySource.components()).contains("kubelet", "kube-apiserver", "etcd", "containerd", "cni-plugins");
  }
}
