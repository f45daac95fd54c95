package dev.kubestrap.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard of etcd's bootstrap command, run for real with {@code sh}: it lets the command write the settings once,
 * again when they differ, and never once the data directory holds a member.
 */
class EtcdBootstrapGuardTest {
  @TempDir Path root;

  @Test
  void theSettingsAreWrittenOnlyWhileMissingOrDifferentAndNeverOnceAMemberExists() throws Exception {
    ClusterSpec spec = ClusterSpec.builder().layout(Layout.under(root))
        .addHost("etcd-a", "10.1.0.11", Role.CONTROL_PLANE, Role.ETCD).build();
    Etcd etcd = new Etcd(spec);
    Map<String, String> forming = etcd.bootstrapEnvironment(etcd.initialCluster(spec.etcdMembers()), false);
    Map<String, String> joining = etcd.bootstrapEnvironment(etcd.initialCluster(spec.etcdMembers()), true);
    Files.createDirectories(etcd.bootstrapFile().getParent());

    assertThat(run(etcd.bootstrapGuard(forming))).as("nothing written yet").isNotZero();
    assertThat(run(etcd.bootstrapCommand(forming))).isZero();
    assertThat(run(etcd.bootstrapGuard(forming))).as("the same settings written").isZero();
    assertThat(run(etcd.bootstrapGuard(joining))).as("other settings written").isNotZero();

    Files.createDirectories(etcd.memberDir());
    assertThat(run(etcd.bootstrapGuard(joining))).as("a member exists").isZero();
  }

  private static int run(List<String> argv) throws Exception {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }
}
