package dev.kubestrap.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.apply.PlanExecutor;
import dev.kubestrap.pki.CertificateAuthority;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.pki.KeyAlgorithm;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.NodePortRange;
import dev.kubestrap.transport.ssh.SshConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "Defaults" table says what the code's named defaults are: each row that states a value is read
 * against the one constant that holds it, so changing a default without the table (or the table alone) fails here.
 */
class ReadmeDefaultsTest {
  private static final Path README = Path.of("").toAbsolutePath().getParent().resolve("README.md");
  private static Map<String, String> rows;

  @BeforeAll
  static void readTheTable() throws IOException {
    rows = new LinkedHashMap<>();
    boolean inDefaults = false;
    for (String line : Files.readAllLines(README)) {
      if (line.startsWith("## ")) {
        inDefaults = line.equals("## Defaults");
      } else if (inDefaults && line.startsWith("| ") && !line.startsWith("| setting ")) {
        String[] cells = line.split(" \\| ", 2);
        rows.put(cells[0].substring(2).strip(), cells[1].substring(0, cells[1].length() - 1).strip());
      }
    }
    assertThat(rows).as("rows of the README's Defaults table").hasSizeGreaterThan(10);
  }

  @Test
  void versionsAndNetworksAreTheSpecDefaults() {
    assertThat(rows.get("Kubernetes version")).startsWith(ClusterSpec.DEFAULT_KUBERNETES_VERSION + ", ")
        .contains("supported minors: " + String.join(", ", ClusterSpec.SUPPORTED_MINORS) + ")");
    assertThat(rows.get("service CIDR / cluster (pod) CIDR"))
        .isEqualTo("`" + ClusterSpec.DEFAULT_SERVICE_CIDR + "` / `" + ClusterSpec.DEFAULT_CLUSTER_CIDR + "`");
    assertThat(rows.get("DNS domain / DNS service IP")).isEqualTo("`" + ClusterSpec.DEFAULT_DNS_DOMAIN + "` / the "
        + ClusterSpec.DEFAULT_DNS_SERVICE_INDEX + "th address of the service CIDR");
    assertThat(rows.get("NodePort range"))
        .isEqualTo(NodePortRange.DEFAULT.first() + "-" + NodePortRange.DEFAULT.last());
  }

  @Test
  void keysSshAndConcurrencyAreTheirConstants() {
    assertThat(rows.get("key algorithm")).isEqualTo("ECDSA P-256; leaf certificates "
        + years(IssuedCertificate.DEFAULT_VALIDITY.toDays()) + ", CAs "
        + years(CertificateAuthority.DEFAULT_VALIDITY.toDays()));
    assertThat(ClusterSpec.DEFAULT_KEY_ALGORITHM).isEqualTo(KeyAlgorithm.ECDSA_P256);
    assertThat(rows.get("SSH")).startsWith("user `" + SshConfig.DEFAULT_USER + "`, port " + SshConfig.DEFAULT_PORT
        + ", ").contains("keep-alive every " + SshConfig.DEFAULT_KEEP_ALIVE.toSeconds() + " s, a host silent for "
        + SshConfig.DEFAULT_DEAD_PEER_TIMEOUT.toSeconds() + " s taken for dead");
    assertThat(rows.get("apply concurrency")).isEqualTo(PlanExecutor.DEFAULT_CONCURRENCY + " hosts at a time");
  }

  private static String years(long days) {
    long years = days / 365;
    return years == 1 ? "1 year" : years + " years";
  }
}
