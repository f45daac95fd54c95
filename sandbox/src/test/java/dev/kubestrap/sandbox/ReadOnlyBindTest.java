package dev.kubestrap.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadOnlyBindTest {

  @Test
  void readOnlyBindsBecomeNspawnBindRoOptionsAfterTheFixedOnes() {
    Sandbox.Builder builder = Sandbox.builder().bindReadOnly(Path.of("/usr/lib/jvm/jdk"), "/opt/jdk");
    NspawnMachine machine = new NspawnMachine("/usr/bin/systemd-nspawn", "ks000000-1", "master",
        Path.of("/tmp/host"), "ksbr-000000", builder.spec().readOnlyBinds(), builder.spec().realDirectories(),
        new HostCgroups(List.of()));

    assertThat(machine.command()).endsWith("--bind-ro=/usr/lib/jvm/jdk:/opt/jdk");
    assertThat(machine.command()).containsSubsequence(NspawnMachine.CONTAINER_OPTIONS);
    assertThat(machine.command()).contains("--bind=/tmp/host/real/0:/var/lib/containerd",
        "--bind=/tmp/host/real/1:/opt");
  }

  @Test
  void relativeOrColonPathsAreRefusedWithTheValue() {
    Sandbox.Builder builder = Sandbox.builder();
    assertThatThrownBy(() -> builder.bindReadOnly(Path.of("jdk"), "/opt/jdk"))
        .hasMessageContaining("hostPath").hasMessageContaining("jdk");
    assertThatThrownBy(() -> builder.bindReadOnly(Path.of("/jdk"), "/opt:jdk"))
        .hasMessageContaining("guestPath").hasMessageContaining("'/opt:jdk'");
  }
}
