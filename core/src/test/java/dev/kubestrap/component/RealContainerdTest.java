package dev.kubestrap.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.images.RegistryMirror;
import dev.kubestrap.spec.ClusterSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's containerd (1.6) reads the rendered version-2 config and reports the values kubestrap set. */
class RealContainerdTest {

  @TempDir Path root;

  @Test
  void containerdAcceptsTheVersion2ConfigAndTakesItsSettings() throws Exception {
    ClusterSpec spec = ClusterSpec.seedBuilder()
        .kubernetesVersion("1.35.1")
        .containerdVersion("1.6.20")
        .layout(Layout.under(root))
        .build();
    Containerd containerd = new Containerd(spec);
    assertThat(containerd.configVersion()).isEqualTo(2);
    String dump = dump(containerd.configFile());
    assertThat(dump)
        .contains("version = 2")
        .contains("root = \"" + root.resolve("opt/containerd/data") + "\"")
        .contains("state = \"" + root.resolve("run/containerd") + "\"")
        .contains("address = \"" + root.resolve("run/containerd/containerd.sock") + "\"")
        .contains("sandbox_image = \"registry.k8s.io/pause:3.10.1\"")
        .contains("bin_dir = \"" + root.resolve("opt/cni/bin") + "\"")
        .contains("conf_dir = \"" + root.resolve("etc/cni/net.d") + "\"")
        .contains("BinaryName = \"" + root.resolve("opt/containerd/runc") + "\"")
        .contains("SystemdCgroup = true")
        .contains("default_runtime_name = \"runc\"")
        .doesNotContain("imports = [\"/etc/containerd/runtime_");
  }

  @Test
  void containerdTakesTheRegistryConfigPathOfMirrors() throws Exception {
    ClusterSpec spec = ClusterSpec.seedBuilder()
        .kubernetesVersion("1.35.1")
        .containerdVersion("1.6.20")
        .layout(Layout.under(root))
        .registryMirror(RegistryMirror.forRegistry("docker.io").endpoint("http://198.18.0.1:5000").build())
        .build();
    String dump = dump(new Containerd(spec).configFile());
    assertThat(dump).contains("config_path = \"" + root.resolve("opt/containerd/certs.d") + "\"");
  }

  /** What Debian's containerd reads from {@code config}: its {@code config dump}, which fails on a config it refuses. */
  private String dump(PlacedFile config) throws Exception {
    Files.createDirectories(config.path().getParent());
    Files.write(config.path(), config.content());
    Process process = new ProcessBuilder("containerd", "--config", config.path().toString(), "config", "dump")
        .redirectError(root.resolve("stderr").toFile())
        .start();
    String dump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(root.resolve("stderr"))).isZero();
    return dump;
  }
}
