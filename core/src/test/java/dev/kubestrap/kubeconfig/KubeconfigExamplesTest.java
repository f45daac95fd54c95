package dev.kubestrap.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples shown in docs/kubeconfig.md, compiled and run. */
class KubeconfigExamplesTest {
  private static TestPem pem;

  @TempDir
  Path home;

  @BeforeAll
  static void makePem(@TempDir Path pemDir) throws Exception {
    pem = TestPem.generate(pemDir);
  }

  @Test
  void adminKubeconfigIsWrittenAndMergedIntoTheUsersConfig() throws Exception {
    String caPem = pem.caCertificate();
    String adminCertPem = pem.clientCertificate();
    String adminKeyPem = pem.clientKey();
    // tag::admin[]
    Kubeconfig admin = Kubeconfig.forClientCertificate(
        "kubernetes-the-hard-way", URI.create("https://10.1.0.15:6443"), caPem,
        "admin", adminCertPem, adminKeyPem,
        "default");
    admin.writeTo(home.resolve("admin.kubeconfig"));            // mode 0600, atomic rename

    // Add it to ~/.kube/config without dropping the clusters already there
    Kubeconfig merged = admin.mergeIntoFile(home.resolve(".kube/config"));
    // end::admin[]

    assertThat(merged.currentContext()).isEqualTo("default");
    assertThat(Kubectl.view(home.resolve(".kube/config"))).isEqualTo(Kubectl.modelView(admin));
  }

  @Test
  void kubeconfigIsBuiltEntryByEntry() throws Exception {
    String caPem = pem.caCertificate();
    // tag::builder[]
    Kubeconfig kubeconfig = Kubeconfig.builder()
        .cluster("lab", KubeconfigCluster.withEmbeddedCa("https://10.1.0.15:6443", caPem))
        .user("ci", User.withToken(System.getenv().getOrDefault("CI_TOKEN", "t0k3n")))
        .user("sso", User.withExec(ExecConfig.of("/usr/local/bin/kubelogin", List.of("get-token"))))
        .user("kubelet", User.withClientCertificateFiles("/var/lib/kubelet/pki/kubelet.pem",
            "/var/lib/kubelet/pki/kubelet-key.pem"))
        .context("ci@lab", new Context("lab", "ci"))
        .currentContext("ci@lab")
        .build();
    String yaml = kubeconfig.toYaml();
    // end::builder[]

    assertThat(Kubeconfig.parse(yaml)).isEqualTo(kubeconfig);
    assertThat(kubeconfig.toString()).doesNotContain("t0k3n");
    kubeconfig.writeTo(home.resolve("ci.kubeconfig"));
    assertThat(Kubectl.view(home.resolve("ci.kubeconfig"))).isEqualTo(Kubectl.modelView(kubeconfig));
  }

  @Test
  void existingFileIsReadAndMergedKeepingItsCurrentContext() throws Exception {
    Path file = home.resolve("config");
    Kubeconfig.builder().user("someone", User.withToken("x")).context("theirs", new Context("c", "someone"))
        .currentContext("theirs").build().writeTo(file);
    Kubeconfig incoming = Kubeconfig.builder().user("ci", User.withToken("y")).context("ci", new Context("c", "ci"))
        .currentContext("ci").build();
    // tag::merge[]
    Kubeconfig existing = Kubeconfig.read(file);
    Kubeconfig merged = incoming.mergeInto(existing, CurrentContext.KEEP_EXISTING);
    merged.writeTo(file);
    // end::merge[]

    assertThat(Kubeconfig.read(file).currentContext()).isEqualTo("theirs");
    assertThat(Kubectl.view(file)).isEqualTo(Kubectl.modelView(merged));
    assertThat(Kubeconfig.read(file).user("ci")).isPresent();
  }
}
