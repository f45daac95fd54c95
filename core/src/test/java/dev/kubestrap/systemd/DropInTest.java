package dev.kubestrap.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DropInTest {

  @Test
  void dropInLivesInTheUnitsDotDDirectory() {
    DropIn dropIn = DropIn.forUnit("kubelet.service").named("20-flags").environment("A", "b").build();

    assertThat(dropIn.path()).isEqualTo(Path.of("kubelet.service.d", "20-flags.conf"));
  }

  @Test
  void replacingExecStartClearsTheOriginalFirst() {
    DropIn dropIn = SampleUnits.kubeletDropIn();

    assertThat(dropIn.render()).isEqualTo("""
        [Unit]
        After=containerd.service

        [Service]
        ExecStart=
        ExecStart=/opt/kubernetes/bin/kubelet --v=2
        Environment=HTTPS_PROXY=http://198.18.0.1:3128
        """);
    assertThat(dropIn.path().toString()).isEqualTo("kubelet.service.d/10-kubestrap.conf");
  }

  @Test
  void dropInParsesBackToAnEqualModel() {
    DropIn dropIn = SampleUnits.containerdLimitsDropIn();

    assertThat(DropIn.parse("containerd.service", "50-limits", dropIn.render())).isEqualTo(dropIn);
  }

  @Test
  void badDropInNameIsRefused() {
    assertThatThrownBy(() -> DropIn.forUnit("kubelet.service").named("../evil").build())
        .hasMessage("drop-in name must be letters, digits, '.', '_', '@' or '-': '../evil'");
  }
}
