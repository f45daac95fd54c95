package dev.kubestrap.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every unit the tests build must pass the real {@code systemd-analyze verify}. */
class SystemdAnalyzeVerifyTest {
  @TempDir
  Path root;

  @Test
  void controlPlaneAndNodeUnitsPassSystemdAnalyzeVerify() throws Exception {
    SystemdVerifier verifier = new SystemdVerifier(root);

    SystemdVerifier.Result result = verifier.verify(List.of(SampleUnits.etcd(), SampleUnits.apiserver(),
        SampleUnits.containerd(), SampleUnits.kubelet()), List.of());

    assertThat(result.clean()).as(result.output()).isTrue();
  }

  @Test
  void unitWithTrickyArgumentsAndEnvironmentPassesSystemdAnalyzeVerify() throws Exception {
    SystemdVerifier verifier = new SystemdVerifier(root);

    SystemdVerifier.Result result = verifier.verify(List.of(SampleUnits.tricky()), List.of());

    assertThat(result.clean()).as(result.output()).isTrue();
  }

  @Test
  void dropInsPassSystemdAnalyzeVerify() throws Exception {
    SystemdVerifier verifier = new SystemdVerifier(root);
    DropIn dropIn = DropIn.forUnit("kubelet.service")
        .replaceExecStart(List.of("/opt/kubernetes/bin/kubelet", "--v=2", "--node-ip=10.1.0.16"))
        .environment("GODEBUG", "x509ignoreCN=0")
        .build();

    SystemdVerifier.Result result = verifier.verify(List.of(SampleUnits.containerd(), SampleUnits.kubelet()),
        List.of(dropIn));

    assertThat(result.clean()).as(result.output()).isTrue();
  }

  @Test
  void minimalAndExtraDirectiveUnitsAndTheirDropInsPassSystemdAnalyzeVerify() throws Exception {
    SystemdVerifier verifier = new SystemdVerifier(root);

    SystemdVerifier.Result result = verifier.verify(
        List.of(SampleUnits.minimal(), SampleUnits.withExtraDirectives(), SampleUnits.containerd(), SampleUnits.kubelet()),
        List.of(SampleUnits.kubeletDropIn(), SampleUnits.containerdLimitsDropIn()));

    assertThat(result.clean()).as(result.output()).isTrue();
  }

  @Test
  void verifierFailsOnAnUnescapedSpecifier() throws Exception {
    SystemdVerifier verifier = new SystemdVerifier(root);
    verifier.stub("/bin/echo-stub");

    SystemdVerifier.Result result = verifier.verifyText("broken.service",
        "[Service]\nExecStart=/bin/echo-stub 100%z\n\n[Install]\nWantedBy=multi-user.target\n");

    assertThat(result.clean()).isFalse();
    assertThat(result.output()).contains("Failed to resolve unit specifiers");
  }

  @Test
  void verifierFailsOnASettingSystemdIgnores() throws Exception {
    SystemdVerifier verifier = new SystemdVerifier(root);
    SystemdUnit broken = SystemdUnit.service("broken.service")
        .execStart(List.of("/usr/local/bin/broken"))
        .directive("Service", "RestartSec", "five seconds")
        .directive("Service", "NoSuchSetting", "1")
        .build();

    SystemdVerifier.Result result = verifier.verify(List.of(broken), List.of());

    assertThat(result.clean()).isFalse();
    assertThat(result.output()).contains("Failed to parse sec value").contains("Unknown key 'NoSuchSetting'");
  }

  @Test
  void verifierFailsWhenTheProgramIsMissing() throws Exception {
    SystemdVerifier verifier = new SystemdVerifier(root);

    SystemdVerifier.Result result = verifier.verifyText("missing.service",
        "[Service]\nExecStart=/opt/nowhere/bin/missing\n");

    assertThat(result.clean()).isFalse();
    assertThat(result.output()).contains("/opt/nowhere/bin/missing");
  }

  @Test
  void verifierFailsWhenARequiredUnitDoesNotExist() throws Exception {
    SystemdVerifier verifier = new SystemdVerifier(root);

    SystemdUnit dependent = SystemdUnit.service("dependent.service")
        .requires("kubestrap-absent.service")
        .execStart(List.of("/usr/local/bin/dependent"))
        .build();

    SystemdVerifier.Result result = verifier.verify(List.of(dependent), List.of());

    assertThat(result.clean()).isFalse();
    assertThat(result.output()).contains("kubestrap-absent.service");
  }
}
