package dev.kubestrap.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.pki.ExpiryReport;
import dev.kubestrap.plan.ClusterPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the parts of the README tour that need no host. */
class TourTest {
  @TempDir
  Path work;

  @Test
  void pkiTourWritesACompletePkiThatIsNotAboutToExpire() throws Exception {
    ExpiryReport first = Tour.pki(work);
    byte[] apiServer = Files.readAllBytes(work.resolve("kube-apiserver-server-master.pem"));

    assertThat(work.resolve("ca.pem")).isRegularFile();
    assertThat(work.resolve("kube-apiserver-server-master.pem")).isRegularFile();
    assertThat(first.render()).contains("kube-apiserver");
    assertThat(first.expiringWithin(Duration.ofDays(30))).isEmpty();
    Tour.pki(work);
    assertThat(work.resolve("kube-apiserver-server-master.pem")).as("a second ensure reuses the PKI").hasBinaryContent(apiServer);
  }

  @Test
  void yamlTourDryRunsBothHostsWithoutContactingThem() throws Exception {
    ClusterPlan plan = Tour.yaml(work);

    assertThat(plan.hosts()).hasSize(2);
    assertThat(work.resolve("plan/SUMMARY.md")).isRegularFile();
    assertThat(work.resolve("plan/plan.json")).isRegularFile();
    assertThat(Files.readString(work.resolve("plan/SUMMARY.md"))).contains("master", "node");
    assertThat(work.resolve("state/pki")).isDirectory();
  }
}
