package dev.kubestrap.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merging is checked against kubectl's own merge: with {@code KUBECONFIG=incoming:existing} kubectl
 * lets the first file win every name and the first current-context win, which is what
 * {@link Kubeconfig#mergeInto(Kubeconfig)} promises.
 */
class KubeconfigMergeTest {
  private static TestPem pem;

  @TempDir
  Path dir;

  @BeforeAll
  static void makePem(@TempDir Path pemDir) throws Exception {
    pem = TestPem.generate(pemDir);
  }

  private static Kubeconfig existing() {
    return Kubeconfig.parse(KubeconfigTest.resource("rich.yaml"));
  }

  private static Kubeconfig incoming() {
    return Kubeconfig.builder()
        .cluster("lab", KubeconfigCluster.withEmbeddedCa("https://10.1.0.99:6443", pem.caCertificate()))
        .cluster("kubernetes-the-hard-way", KubeconfigCluster.withEmbeddedCa("https://10.1.0.15:6443", pem.caCertificate()))
        .user("admin", User.withEmbeddedClientCertificate(pem.clientCertificate(), pem.clientKey()))
        .context("default", new Context("kubernetes-the-hard-way", "admin"))
        .context("admin@lab", new Context("lab", "admin"))
        .currentContext("admin@lab")
        .build();
  }

  @Test
  void mergeIntoFileMatchesKubectlsOwnMerge() throws Exception {
    Path existingFile = dir.resolve("config");
    existing().writeTo(existingFile);
    Path incomingFile = dir.resolve("incoming");
    incoming().writeTo(incomingFile);
    var kubectlMerge = Kubectl.viewMerged(List.of(incomingFile, existingFile));

    Kubeconfig merged = incoming().mergeIntoFile(existingFile);

    assertThat(Kubectl.view(existingFile)).isEqualTo(kubectlMerge);
    assertThat(Kubeconfig.read(existingFile)).isEqualTo(merged);
  }

  @Test
  void mergeReplacesSameNamedEntriesInPlaceAndKeepsTheOthers() {
    Kubeconfig merged = incoming().mergeInto(existing());

    assertThat(merged.clusters().stream().map(NamedCluster::name)).containsExactly("lab", "files", "kubernetes-the-hard-way");
    assertThat(merged.cluster("lab").orElseThrow().server()).isEqualTo("https://10.1.0.99:6443");
    assertThat(merged.users().stream().map(NamedUser::name)).containsExactly("robot", "files", "plugin", "basic", "admin");
    assertThat(merged.context("default")).contains(new Context("kubernetes-the-hard-way", "admin"));
    assertThat(merged.currentContext()).isEqualTo("admin@lab");
    assertThat(merged.preferences()).containsEntry("colors", true);
    assertThat(merged.other()).containsKey("future-top-level-field");
    assertThat(merged.cluster("files").orElseThrow().certificateAuthority()).isEqualTo("/etc/kubernetes/ca.pem");
  }

  @Test
  void keepExistingLeavesTheCurrentContextAlone() {
    Kubeconfig merged = incoming().mergeInto(existing(), CurrentContext.KEEP_EXISTING);

    assertThat(merged.currentContext()).isEqualTo("default");
  }

  @Test
  void incomingWithoutCurrentContextKeepsTheExistingOne() {
    Kubeconfig withoutCurrent = Kubeconfig.builder().user("extra", User.withToken("t")).build();

    assertThat(withoutCurrent.mergeInto(existing()).currentContext()).isEqualTo("default");
    assertThat(Kubeconfig.merge(existing(), withoutCurrent).user("extra")).isPresent();
  }

  @Test
  void mergeIntoAMissingFileCreatesIt() throws Exception {
    Path file = dir.resolve("new/.kube/config");
    Kubeconfig admin = Kubeconfig.forClientCertificate("kubernetes-the-hard-way", URI.create("https://10.1.0.15:6443"),
        pem.caCertificate(), "admin", pem.clientCertificate(), pem.clientKey(), "default");

    admin.mergeIntoFile(file);

    assertThat(Files.exists(file)).isTrue();
    assertThat(Kubectl.view(file)).isEqualTo(Kubectl.modelView(admin));
  }

  @Test
  void mergeIntoAnEmptyFileTreatsItAsAnEmptyKubeconfig() throws Exception {
    Path file = dir.resolve("empty");
    Files.writeString(file, "");

    Kubeconfig merged = incoming().mergeIntoFile(file);

    assertThat(merged).isEqualTo(incoming());
    assertThat(Kubectl.view(file)).isEqualTo(Kubectl.modelView(incoming()));
  }

  @Test
  void mergingTheSameKubeconfigTwiceChangesNothing() throws Exception {
    Path file = dir.resolve("config");
    existing().writeTo(file);
    Kubeconfig once = incoming().mergeIntoFile(file);
    String afterOnce = Files.readString(file);

    Kubeconfig twice = incoming().mergeIntoFile(file);

    assertThat(twice).isEqualTo(once);
    assertThat(Files.readString(file)).isEqualTo(afterOnce);
  }
}
