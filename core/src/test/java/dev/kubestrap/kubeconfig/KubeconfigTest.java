package dev.kubestrap.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {
  private static TestPem pem;

  @TempDir
  Path dir;

  @BeforeAll
  static void makePem(@TempDir Path pemDir) throws Exception {
    pem = TestPem.generate(pemDir);
  }

  private static Kubeconfig admin() {
    return Kubeconfig.forClientCertificate("kubernetes-the-hard-way", URI.create("https://10.1.0.15:6443"),
        pem.caCertificate(), "admin", pem.clientCertificate(), pem.clientKey(), "default");
  }

  @Test
  void clientCertificateKubeconfigIsReadByKubectlFieldByField() throws Exception {
    Path file = dir.resolve("admin.kubeconfig");
    Kubeconfig admin = admin();
    admin.writeTo(file);

    var view = Kubectl.view(file);

    assertThat(view).isEqualTo(Kubectl.modelView(admin));
    assertThat(view.at("/current-context").asString()).isEqualTo("default");
    assertThat(view.at("/clusters/kubernetes-the-hard-way/cluster/server").asString()).isEqualTo("https://10.1.0.15:6443");
    assertThat(view.at("/contexts/default/context/user").asString()).isEqualTo("admin");
    assertThat(decode(view.at("/clusters/kubernetes-the-hard-way/cluster/certificate-authority-data").asString()))
        .isEqualTo(pem.caCertificate());
    assertThat(decode(view.at("/users/admin/user/client-certificate-data").asString())).isEqualTo(pem.clientCertificate());
    assertThat(decode(view.at("/users/admin/user/client-key-data").asString())).isEqualTo(pem.clientKey());
  }

  @Test
  void embeddedPemIsReadableFromTheModel() {
    Kubeconfig admin = admin();

    assertThat(admin.cluster("kubernetes-the-hard-way").orElseThrow().certificateAuthorityPem()).isEqualTo(pem.caCertificate());
    assertThat(admin.user("admin").orElseThrow().clientKeyPem()).isEqualTo(pem.clientKey());
    assertThat(admin.context("default")).contains(new Context("kubernetes-the-hard-way", "admin"));
  }

  @Test
  void writtenFileIsOwnerOnlyAndNoTemporaryFileRemains() throws Exception {
    Path file = dir.resolve("nested/admin.kubeconfig");
    admin().writeTo(file);
    admin().writeTo(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("admin.kubeconfig");
    }
  }

  @Test
  void yamlParsesBackToAnEqualModel() {
    Kubeconfig admin = admin();

    assertThat(admin.toYaml()).contains("client-key-data: " + admin.user("admin").orElseThrow().clientKeyData() + "\n");
    assertThat(Kubeconfig.parse(admin.toYaml())).isEqualTo(admin);
  }

  @Test
  void richKubeconfigWithTokenExecAndFileReferencesRoundTrips() throws Exception {
    Kubeconfig rich = Kubeconfig.parse(resource("rich.yaml"));

    assertThat(Kubeconfig.parse(rich.toYaml())).isEqualTo(rich);
    assertThat(rich.user("robot").orElseThrow().token()).isEqualTo("robot-token-value");
    ExecConfig exec = rich.user("plugin").orElseThrow().exec();
    assertThat(exec.command()).isEqualTo("/usr/local/bin/get-token");
    assertThat(exec.args()).containsExactly("--audience", "with space");
    assertThat(exec.env()).containsExactly(new ExecConfig.EnvVar("TOKEN_SECRET", "env-secret-value"));
    assertThat(rich.cluster("files").orElseThrow().certificateAuthority()).isEqualTo("/etc/kubernetes/ca.pem");
    assertThat(rich.user("files").orElseThrow().clientKey()).isEqualTo("/etc/kubernetes/admin-key.pem");
  }

  @Test
  void richKubeconfigAsWrittenIsWhatKubectlSees() throws Exception {
    Kubeconfig rich = Kubeconfig.parse(resource("rich.yaml"));
    Path file = dir.resolve("rich.kubeconfig");
    rich.writeTo(file);

    var expected = (tools.jackson.databind.node.ObjectNode) Kubectl.modelView(rich);
    // kubectl drops the fields it does not know; everything else, impersonation ("as") included, must match
    expected.remove("future-top-level-field");
    ((tools.jackson.databind.node.ObjectNode) expected.at("/clusters/lab/cluster")).remove("future-cluster-field");
    assertThat(Kubectl.view(file)).isEqualTo(expected);
    assertThat(Kubectl.view(file).at("/users/basic/user/as").asString()).isEqualTo("someone-else");
  }

  @Test
  void unknownFieldsSurviveReadAndWrite() {
    Kubeconfig rich = Kubeconfig.parse(resource("rich.yaml"));

    assertThat(rich.other()).containsKey("future-top-level-field");
    assertThat(rich.cluster("lab").orElseThrow().other()).containsEntry("future-cluster-field", "kept");
    assertThat(rich.user("basic").orElseThrow().other()).containsEntry("as", "someone-else");
    assertThat(rich.toYaml()).contains("future-top-level-field").contains("future-cluster-field: kept").contains("as: someone-else");
  }

  @Test
  void toStringNeverShowsKeysTokensOrPasswords() {
    Kubeconfig rich = Kubeconfig.parse(resource("rich.yaml"));
    Kubeconfig admin = admin();
    String printed = rich + " " + rich.users() + " " + rich.clusters() + " " + admin + " " + admin.users()
        + " " + admin.clusters();

    assertThat(printed).doesNotContain("robot-token-value", "basic-password-value", "env-secret-value",
        admin.user("admin").orElseThrow().clientKeyData(), "PRIVATE KEY");
    assertThat(printed).contains("robot", "token=<redacted>", "client-key-data=<redacted>");
  }

  @Test
  void parseErrorNamesThePositionButNotTheContent() {
    assertThatThrownBy(() -> Kubeconfig.parse("users:\n- name: x\n  user: {token: [secret-token-here\n"))
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining("line")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-token-here"));
  }

  @Test
  void duplicateNamesAreRefused() {
    assertThatThrownBy(() -> Kubeconfig.parse("clusters:\n- name: a\n  cluster: {server: https://x}\n- name: a\n  cluster: {server: https://y}\n"))
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining("clusters has two entries named 'a'");
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    assertThatThrownBy(() -> Kubeconfig.forClientCertificate("c", URI.create("http://10.1.0.15:6443"),
        pem.caCertificate(), "u", pem.clientCertificate(), pem.clientKey(), "ctx"))
        .hasMessage("server must be an https URL with a host: 'http://10.1.0.15:6443'");
    assertThatThrownBy(() -> Kubeconfig.forClientCertificate("c", URI.create("https://10.1.0.15:6443"),
        "not pem", "u", pem.clientCertificate(), pem.clientKey(), "ctx"))
        .hasMessage("caCertificatePem must be PEM text starting with '-----BEGIN ': <7 characters>");
    assertThatThrownBy(() -> Kubeconfig.forClientCertificate("", URI.create("https://10.1.0.15:6443"),
        pem.caCertificate(), "u", pem.clientCertificate(), pem.clientKey(), "ctx"))
        .hasMessage("cluster name must not be empty: ''");
    assertThatThrownBy(() -> Kubeconfig.builder().currentContext("nowhere").build())
        .hasMessage("currentContext names no context: 'nowhere'");
  }

  @Test
  void readOfAMissingFileSaysWhichFile() {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> Kubeconfig.read(missing)).isInstanceOf(KubeconfigException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void builderReplacesAnEntryAddedTwice() {
    Kubeconfig kubeconfig = Kubeconfig.builder()
        .cluster("a", KubeconfigCluster.withEmbeddedCa("https://one:6443", pem.caCertificate()))
        .cluster("a", KubeconfigCluster.withEmbeddedCa("https://two:6443", pem.caCertificate()))
        .user("u", User.withToken("t"))
        .context("c", new Context("a", "u"))
        .build();

    assertThat(kubeconfig.clusters()).hasSize(1);
    assertThat(kubeconfig.cluster("a").orElseThrow().server()).isEqualTo("https://two:6443");
    assertThat(kubeconfig.currentContext()).isNull();
    assertThat(ExecConfig.of("/bin/tok", List.of("a")).apiVersion()).isEqualTo("client.authentication.k8s.io/v1");
  }

  private static String decode(String base64) {
    return new String(java.util.Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
  }

  static String resource(String name) {
    try (InputStream in = KubeconfigTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
