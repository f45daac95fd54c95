package dev.kubestrap.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The kubeconfigs the components place are read by the real kubectl as the identity each needs. */
class RealKubectlKubeconfigTest {

  @TempDir Path root;

  @Test
  void eachComponentKubeconfigNamesItsIdentityServerAndContext() throws Exception {
    ClusterSpec spec = ClusterSpec.seedBuilder().layout(Layout.under(root)).build();
    ClusterCertificates pki = spec.pkiFacts().build().issue();
    ClusterSecrets secrets = new ClusterSecrets(pki, EncryptionKey.of(new byte[32]));
    HostSpec master = spec.host("10.1.0.15");
    HostSpec node = spec.host("10.1.0.16");

    check(new KubeControllerManager(spec).install(master, secrets), KubeControllerManager.KUBECONFIG,
        "system:kube-controller-manager", "https://10.1.0.15:6443", pki.controllerManager(), pki);
    check(new KubeScheduler(spec).install(master, secrets), KubeScheduler.KUBECONFIG,
        "system:kube-scheduler", "https://10.1.0.15:6443", pki.scheduler(), pki);
    check(new Kubelet(spec).install(node, secrets), Kubelet.KUBECONFIG,
        "system:node:10.1.0.16", "https://10.1.0.15:6443", pki.kubeletClient("10.1.0.16"), pki);
    check(new KubeProxy(spec).install(node, secrets), KubeProxy.KUBECONFIG,
        "system:kube-proxy", "https://10.1.0.15:6443", pki.kubeProxy(), pki);
  }

  private void check(ComponentInstall install, String fileName, String user, String server,
      IssuedCertificate certificate, ClusterCertificates pki) throws Exception {
    PlacedFile kubeconfig = install.files().stream()
        .filter(f -> f.path().getFileName().toString().equals(fileName))
        .findFirst()
        .orElseThrow();
    assertThat(kubeconfig.mode()).isEqualTo(0600);
    Files.createDirectories(kubeconfig.path().getParent());
    Files.write(kubeconfig.path(), kubeconfig.content());

    Process kubectl = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.path().toString(),
        "config", "view", "--raw", "-o", "json").redirectError(root.resolve("kubectl.err").toFile()).start();
    String json = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(Files.readString(root.resolve("kubectl.err"))).isZero();

    JsonNode config = JsonMapper.builder().build().readTree(json);
    assertThat(config.get("current-context").asString()).isEqualTo("default");
    assertThat(config.get("contexts").get(0).get("context").get("cluster").asString())
        .isEqualTo("kubernetes-the-hard-way");
    assertThat(config.get("contexts").get(0).get("context").get("user").asString()).isEqualTo(user);
    JsonNode cluster = config.get("clusters").get(0);
    assertThat(cluster.get("name").asString()).isEqualTo("kubernetes-the-hard-way");
    assertThat(cluster.get("cluster").get("server").asString()).isEqualTo(server);
    assertThat(decode(cluster.get("cluster").get("certificate-authority-data").asString()))
        .isEqualTo(pki.ca().certificatePem());
    JsonNode userEntry = config.get("users").get(0);
    assertThat(userEntry.get("name").asString()).isEqualTo(user);
    assertThat(decode(userEntry.get("user").get("client-certificate-data").asString()))
        .isEqualTo(certificate.certificatePem());
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
