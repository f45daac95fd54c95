package dev.kubestrap.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubestrap.images.RegistryMirror;
import dev.kubestrap.proxy.HttpProxy;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.InvalidSpecException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node's containerd gets for registry mirrors and a proxy: the files, their text, and nothing without them. */
class ClosedNetworkFilesTest {
  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  @TempDir Path dir;

  @Test
  void mirrorsBecomeHostsTomlFilesAndTheConfigPointsContainerdAtThem() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), CA);
    ClusterSpec spec = ClusterSpec.seedBuilder()
        .registryMirror(RegistryMirror.forRegistry("docker.io").endpoint("https://mirror.corp.example:5000")
            .endpoint("http://198.18.0.1:5000").caCertificate(ca).build())
        .registryMirror(RegistryMirror.forRegistry("198.18.0.1:5000").endpoint("https://198.18.0.1:5443")
            .skipVerify().build())
        .build();
    Containerd containerd = new Containerd(spec);
    ComponentInstall install = containerd.install(spec.hosts().get(0), null);

    assertThat(text(install, "/opt/containerd/certs.d/docker.io/hosts.toml")).isEqualTo("""
        [host."https://mirror.corp.example:5000"]
          capabilities = ["pull", "resolve"]
          ca = "/opt/containerd/certs.d/docker.io/ca.crt"

        [host."http://198.18.0.1:5000"]
          capabilities = ["pull", "resolve"]
          ca = "/opt/containerd/certs.d/docker.io/ca.crt"
        """);
    assertThat(text(install, "/opt/containerd/certs.d/docker.io/ca.crt")).isEqualTo(CA);
    assertThat(text(install, "/opt/containerd/certs.d/198.18.0.1:5000/hosts.toml")).contains("skip_verify = true");
    assertThat(new String(containerd.configuration().render(), StandardCharsets.UTF_8))
        .contains("plugins.'io.containerd.cri.v1.images'.registry.config_path = '/opt/containerd/certs.d'\n");
    assertThat(install.directories()).extracting(d -> d.path().toString())
        .contains("/opt/containerd/certs.d", "/opt/containerd/certs.d/docker.io");
  }

  @Test
  void aProxyBecomesADropInWhoseNoProxyCoversTheCluster() {
    ClusterSpec spec = ClusterSpec.seedBuilder()
        .httpProxy(HttpProxy.builder().http("http://198.18.0.1:8888").noProxy("corp.example").build())
        .build();
    ComponentInstall install = new Containerd(spec).install(spec.hosts().get(0), null);

    // the seed's hosts are named by their addresses: each appears once
    String noProxy = "localhost,127.0.0.1,corp.example,10.244.0.0/16,10.254.0.0/16,10.1.0.15,10.1.0.16,.svc,"
        + ".cluster.local";
    assertThat(text(install, "/etc/systemd/system/containerd.service.d/10-http-proxy.conf")).isEqualTo("[Service]\n"
        + "Environment=HTTP_PROXY=http://198.18.0.1:8888\n"
        + "Environment=HTTPS_PROXY=http://198.18.0.1:8888\n"
        + "Environment=NO_PROXY=" + noProxy + "\n"
        + "Environment=http_proxy=http://198.18.0.1:8888\n"
        + "Environment=https_proxy=http://198.18.0.1:8888\n"
        + "Environment=no_proxy=" + noProxy + "\n");
  }

  @Test
  void withoutMirrorsOrProxyNothingChanges() {
    ClusterSpec spec = ClusterSpec.seedDefault();
    ComponentInstall install = new Containerd(spec).install(spec.hosts().get(0), null);

    assertThat(install.files()).extracting(f -> f.path().toString())
        .containsExactly("/opt/containerd/containerd-config.toml", "/etc/crictl.yaml");
    assertThat(new String(new Containerd(spec).configuration().render(), StandardCharsets.UTF_8))
        .doesNotContain("config_path");
  }

  @Test
  void twoEntriesForOneRegistryAreRefused() {
    RegistryMirror one = RegistryMirror.forRegistry("docker.io").endpoint("https://a.example").build();
    RegistryMirror two = RegistryMirror.forRegistry("docker.io").endpoint("https://b.example").build();

    assertThatThrownBy(() -> ClusterSpec.seedBuilder().registryMirror(one).registryMirror(two).build())
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("registryMirrors has two entries for registry 'docker.io': give one entry with several endpoints");
  }

  private static String text(ComponentInstall install, String path) {
    return new String(install.file(Path.of(path)).content(), StandardCharsets.UTF_8);
  }

}
