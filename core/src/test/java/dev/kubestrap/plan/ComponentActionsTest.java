package dev.kubestrap.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.component.ClusterSecrets;
import dev.kubestrap.component.ComponentInstall;
import dev.kubestrap.component.Components;
import dev.kubestrap.component.EncryptionKey;
import dev.kubestrap.component.Etcd;
import dev.kubestrap.component.RequiredBinary;
import dev.kubestrap.plan.internal.Digests;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real components of a two-host spec, translated into a plan. */
class ComponentActionsTest {
  static ClusterSpec spec;
  static ClusterSecrets secrets;
  @TempDir static Path temp;
  static Path fakeBinary;

  @BeforeAll
  static void issue() throws IOException {
    spec = ClusterSpec.builder()
        .addHost("master", "198.18.0.10", Role.CONTROL_PLANE, Role.ETCD)
        .addHost("node", "198.18.0.20", Role.WORKER)
        .build();
    secrets = new ClusterSecrets(spec.pkiFacts().build().issue(), EncryptionKey.of(new byte[32]));
    fakeBinary = Files.writeString(temp.resolve("program"), "#!/bin/sh\n");
  }

  /** Test stand-in for a binary source: every program is the same small local file. */
  private static Optional<PutBinary> fake(RequiredBinary binary) {
    return Optional.of(PutBinary.builder().path(binary.target().toString()).artifact(binary.artifact())
        .version(binary.version()).sha256(Digests.sha256(fakeBinary)).source(fakeBinary).build());
  }

  @Test
  void aComponentBecomesDirectoriesFilesBinariesUnitServiceAndHealthWait() {
    ComponentInstall etcd = new Etcd(spec).install(spec.host("master"), secrets);
    List<Action> actions = ComponentActions.of(etcd, ComponentActionsTest::fake);

    assertThat(actions).extracting(Action::kind).containsSubsequence("directory", "file", "binary", "unit", "service", "health");
    assertThat(actions.get(actions.size() - 2)).isInstanceOfSatisfying(ServiceAction.class, service -> {
      assertThat(service.unit()).isEqualTo("etcd.service");
      assertThat(service.restartOn()).contains(etcd.unitPath().toString())
          .containsAll(etcd.files().stream().map(f -> f.path().toString()).toList())
          .containsAll(etcd.binaries().stream().map(b -> b.target().toString()).toList());
    });
    assertThat(actions.get(actions.size() - 1)).isInstanceOfSatisfying(HealthWait.class, wait -> {
      assertThat(wait.unit()).contains("etcd.service");
      assertThat(wait.check()).isInstanceOfSatisfying(HealthProbe.Endpoint.class, endpoint -> {
        assertThat(endpoint.url()).hasToString("https://127.0.0.1:2379/health");
        assertThat(endpoint.caFile()).contains("/opt/etcd/etcd-ca.pem");
        assertThat(endpoint.certFile()).contains("/opt/etcd/etcd-healthcheck-client.pem");
        assertThat(endpoint.keyFile()).contains("/opt/etcd/etcd-healthcheck-client-key.pem");
      });
    });
  }

  @Test
  void theComponentsOfASpecFormAValidPlanWhoseDryRunHasEveryUnit() throws IOException {
    ClusterPlan.Builder builder = ClusterPlan.builder("seed");
    for (HostSpec host : spec.hosts()) {
      for (ComponentInstall install : Components.install(spec, host, secrets)) {
        builder.addAll(ComponentActions.phaseOf(install.component()), HostId.of(host.name()),
            ComponentActions.of(install, ComponentActionsTest::fake));
      }
    }
    ClusterPlan plan = builder.build();
    Path out = temp.resolve("dry-run");
    plan.writeTo(out);

    assertThat(plan.phases()).extracting(PhasePlan::phase).containsExactly(Phase.ETCD, Phase.CONTROL_PLANE, Phase.NODES);
    try (var units = Files.list(out.resolve("master/etc/systemd/system"))) {
      assertThat(units.map(p -> p.getFileName().toString()))
          .contains("etcd.service", "kube-apiserver.service", "kube-controller-manager.service", "kube-scheduler.service");
    }
    assertThat(out.resolve("node/etc/systemd/system/kubelet.service")).exists();
    assertThat(ComponentActions.phaseOf(ComponentName.CONTAINERD)).isEqualTo(Phase.NODES);
  }

  @Test
  void programsAlreadyOnTheHostAreNotPlaced() {
    ComponentInstall etcd = new Etcd(spec).install(spec.host("master"), secrets);
    List<Action> actions = ComponentActions.of(etcd, ComponentActions.from(BinarySource.onHost(Path.of("/usr/bin")), Arch.AMD64));

    assertThat(actions).noneMatch(a -> a instanceof PutBinary);
  }
}
