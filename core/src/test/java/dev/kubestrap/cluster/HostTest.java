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

    SshConfig bastion = SshConfig.builder().host("10.1.0.1").user("me").build();
    Host host = Host.ssh("10.1.0.16", ssh -> ssh.user("debian").port(2222).privateKey(key).knownHosts(knownHosts)
        .jumpHost(bastion).sudo()).name("node-1");
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
  void settersReturnCopiesAndSshDefaultsAreSshConfigs() {
    Host base = Host.ssh("10.1.0.16", ssh -> ssh.user("debian"));
    Host changed = base.name("node-1").address("10.1.0.17");

    assertThat(base.name()).isEqualTo("10.1.0.16");
    assertThat(base.target()).isEqualTo("debian@10.1.0.16:" + SshConfig.DEFAULT_PORT);
    assertThat(changed.name()).isEqualTo("node-1");
    assertThat(changed.target()).isEqualTo("debian@10.1.0.17:" + SshConfig.DEFAULT_PORT);
    assertThat(Host.ssh("10.1.0.16").target())
        .isEqualTo(SshConfig.DEFAULT_USER + "@10.1.0.16:" + SshConfig.DEFAULT_PORT);
  }

  @Test
  void refusedSshSettingsAreShownNotThrownByToString() {
    Host host = Host.ssh("10.1.0.16", ssh -> ssh.port(70000));

    assertThat(host.toString()).contains("10.1.0.16").contains("port").contains("70000");
    assertThatThrownBy(host::sshConfig).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
  }

  @Test
  void localHostsHaveNoSsh() {
    Host local = Host.local().name("here").address("10.1.0.20");

    assertThat(local.sshConfig()).isEmpty();
    assertThat(local.isLocal()).isTrue();
    assertThat(local.target()).isEqualTo("local");
    assertThat(local.name()).isEqualTo("here");
    assertThat(local.address()).isEqualTo("10.1.0.20");
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

    assertThat(Host.ssh("10.1.0.16", ssh -> ssh.privateKey(key)).toString()).isEqualTo("Host[10.1.0.16 at root@10.1.0.16:22]");
  }
}
