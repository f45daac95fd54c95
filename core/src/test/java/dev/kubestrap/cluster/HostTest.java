package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.transport.ssh.SshConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostTest {

  @TempDir
  Path tmp;

  @Test
  void sshHostsBecomeSshConfigsWithEverySetting() throws Exception {
    Path key = Files.writeString(tmp.resolve("id"), "not parsed before connecting");
    Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), "");

    Host host = Host.ssh("10.1.0.16").name("node-1").user("debian").port(2222).identity(key).knownHosts(knownHosts)
        .jumpHost(Host.ssh("10.1.0.1").user("me")).sudo();
    SshConfig ssh = host.sshConfig().orElseThrow();

    assertThat(host.name()).isEqualTo("node-1");
    assertThat(ssh.target()).isEqualTo("debian@10.1.0.16:2222");
    assertThat(ssh.privateKeys()).extracting(SshConfig.PrivateKey::path).containsExactly(key);
    assertThat(ssh.knownHosts()).isEqualTo(knownHosts);
    assertThat(ssh.jumpHost().orElseThrow().target()).isEqualTo("me@10.1.0.1:22");
    assertThat(ssh.sudo()).isTrue();
    assertThat(host.target()).isEqualTo(ssh.target());
  }

  @Test
  void settersReturnCopies() {
    Host base = Host.ssh("10.1.0.16");
    Host changed = base.user("debian");

    assertThat(base.target()).isEqualTo("root@10.1.0.16:22");
    assertThat(changed.target()).isEqualTo("debian@10.1.0.16:22");
    assertThat(base.name()).isEqualTo("10.1.0.16");
  }

  @Test
  void localHostsHaveNoSshAndRefuseSshSettings() {
    Host local = Host.local().name("here").address("10.1.0.20");

    assertThat(local.sshConfig()).isEmpty();
    assertThat(local.isLocal()).isTrue();
    assertThat(local.target()).isEqualTo("local");
    assertThatThrownBy(() -> local.user("root")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("user").hasMessageContaining("here");
  }

  @Test
  void aReadyConfigIsUsedAsIs() {
    SshConfig config = SshConfig.builder().host("198.18.0.2").user("root").build();

    Host host = Host.of("master", config);

    assertThat(host.sshConfig()).containsSame(config);
    assertThat(host.address()).isEqualTo("198.18.0.2");
  }

  @Test
  void toStringShowsNameAndTargetOnly() throws Exception {
    Path key = Files.writeString(tmp.resolve("id"), "-----BEGIN OPENSSH PRIVATE KEY-----secret");

    assertThat(Host.ssh("10.1.0.16").identity(key).toString()).isEqualTo("Host[10.1.0.16 at root@10.1.0.16:22]");
  }
}
