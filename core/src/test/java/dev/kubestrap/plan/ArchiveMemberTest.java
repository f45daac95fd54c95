package dev.kubestrap.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An archive member a host may be told to take: nothing that could leave the archive or reach a shell pattern. */
class ArchiveMemberTest {
  private static final URI ARCHIVE = URI.create("https://mirror.example/etcd-v3.6.14-linux-amd64.tar.gz");
  private static final String DIGEST = "a".repeat(64);

  @ParameterizedTest
  @ValueSource(strings = {"../etcd", "bin/../../etc/passwd", "etcd/..", "..", "/usr/bin/etcd", "bin//etcd", "bin/",
      "bin/*", "bin/etcd\nother", ".", ""})
  void aMemberThatCouldEscapeOrMatchOthersIsRefusedNamingIt(String member) {
    assertThatThrownBy(() -> new ArchiveMember(ARCHIVE, DIGEST, member))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("archive member must be a relative path inside the archive")
        .hasMessageEndingWith("'" + member + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"etcd-v3.6.14-linux-amd64/etcd", "./bridge", "bin/containerd-shim-runc-v2", "crictl",
      "kubernetes/server/bin/kube-apiserver", "..etcd"})
  void aMemberInsideTheArchiveIsTaken(String member) {
    assertThat(new ArchiveMember(ARCHIVE, DIGEST, member).member()).isEqualTo(member);
  }

  @Test
  void theArchiveMustBeHttpOrHttpsAndItsDigestASha256() {
    assertThatThrownBy(() -> new ArchiveMember(URI.create("file:///srv/etcd.tar.gz"), DIGEST, "etcd"))
        .hasMessage("archive URL must be http or https: 'file:///srv/etcd.tar.gz'");
    assertThatThrownBy(() -> new ArchiveMember(ARCHIVE, "sha512:abc", "etcd"))
        .hasMessage("archive sha256 must be 64 lowercase hex digits: 'sha512:abc'");
  }
}
