package dev.kubestrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.apply.RemoteInspection;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.DirectorySource;
import dev.kubestrap.certificates.CertificateExpiry;
import dev.kubestrap.pki.ExpiryReport;
import dev.kubestrap.spec.ClusterSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certificates().expiry()} reads every certificate and kubeconfig the hosts were given, and needs only their
 * paths: it resolves no program (a fresh cluster object would otherwise hash or download every release file).
 * Hosts are directories.
 */
class CertificateExpiryOnHostsTest {
  @TempDir
  Path tmp;

  private DirectorySource bundle;
  private final Map<String, StandInHost> hosts = new ConcurrentHashMap<>();
  private final List<String> resolved = new CopyOnWriteArrayList<>();

  @BeforeEach
  void bundle() throws Exception {
    bundle = StandInBinaries.bundle(tmp.resolve("bundle"), ClusterSpec.seedDefault());
  }

  private ClusterBuilder builder(BinarySource binaries) {
    return ClusterBuilder.named("lab")
        .master(Host.local().name("master").address("127.0.0.1"))
        .worker(Host.local().name("node-1").address("127.0.0.2"))
        .stateDir(tmp.resolve("state"))
        .binaries(binaries)
        .services(new RecordingServices())
        .transports(host -> hosts.computeIfAbsent(host.name(),
            name -> new StandInHost(tmp.resolve("hosts").resolve(name))))
        .remoteInspection(RemoteInspection.perFile())
        .withoutApiObjects();
  }

  @Test
  void expiryReadsEveryHostsCertificatesWithoutResolvingAProgram() {
    try (Cluster applied = builder(bundle).build()) {
      applied.apply();
    }
    BinarySource counting = (component, version, arch) -> {
      resolved.add(component + " " + version);
      return bundle.resolve(component, version, arch);
    };

    CertificateExpiry expiry;
    try (Cluster cluster = builder(counting).build()) {
      expiry = cluster.certificates().expiry();
    }

    assertThat(expiry.hosts()).containsOnlyKeys("master", "node-1");
    ExpiryReport master = expiry.of("master").orElseThrow();
    assertThat(master.certificates()).extracting(ExpiryReport.Entry::name)
        .contains("/opt/kubelet/kubelet.kubeconfig").anyMatch(name -> name.endsWith(".pem"));
    assertThat(master.authorities()).extracting(ExpiryReport.Entry::name).anyMatch(name -> name.endsWith("ca.pem"));
    assertThat(expiry.of("node-1").orElseThrow().certificates()).isNotEmpty();
    assertThat(resolved).as("programs resolved to read certificate paths").isEmpty();
  }
}
