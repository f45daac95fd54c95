package dev.kubestrap.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples shown in docs/systemd.md, compiled, run, and checked by systemd-analyze verify. */
class SystemdExamplesTest {
  @TempDir
  Path root;

  @Test
  void examplesBuildUnitsThatSystemdAccepts() throws Exception {
    // tag::etcd[]
    SystemdUnit etcd = SystemdUnit.service("etcd.service")
        .description("etcd key-value store")
        .documentation("https://etcd.io/docs/")
        .dependsOn(Dependencies.onNetworkOnline())
        .type(ServiceType.NOTIFY)                       // etcd reports readiness with sd_notify
        .execStart(List.of("/opt/etcd/bin/etcd",
            "--name=master",
            "--data-dir=/var/lib/etcd"))
        .limitNofile(65536)
        .build();
    // end::etcd[]

    // tag::ordering[]
    SystemdUnit apiserver = SystemdUnit.service("kube-apiserver.service")
        .description("Kubernetes API Server")
        .dependsOn(Dependencies.onNetworkOnline().and(Dependencies.onEtcd()))   // etcd on this host
        .execStart(List.of("/opt/kubernetes/bin/kube-apiserver", "--etcd-servers=https://127.0.0.1:2379"))
        .build();

    SystemdUnit kubelet = SystemdUnit.service("kubelet.service")
        .description("Kubernetes Kubelet")
        .dependsOn(Dependencies.onContainerd())          // After= and Requires=containerd.service
        .execStart(List.of("/opt/kubernetes/bin/kubelet", "--config=/var/lib/kubelet/config.yaml"))
        .restartSec(Duration.ofSeconds(10))
        .build();
    // end::ordering[]

    // tag::containerd[]
    SystemdUnit containerd = ServicePresets.containerd("/opt/containerd/bin/containerd",
            List.of("--config", "/etc/containerd/config.toml"))
        .environment("PATH", "/opt/containerd/bin:/opt/cni/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .build();
    // end::containerd[]

    // tag::dropin[]
    DropIn verbose = DropIn.forUnit("kubelet.service").named("20-verbose")
        .replaceExecStart(List.of("/opt/kubernetes/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--v=4"))
        .build();
    Path where = Path.of("/etc/systemd/system").resolve(verbose.path());   // .../kubelet.service.d/20-verbose.conf
    // end::dropin[]

    // tag::roundtrip[]
    String text = etcd.render();
    SystemdUnit again = SystemdUnit.parse("etcd.service", text);
    boolean same = again.equals(etcd);                  // true: records compare by value
    List<String> argv = again.execStart();             // [/opt/etcd/bin/etcd, --name=master, --data-dir=/var/lib/etcd]
    // end::roundtrip[]

    assertThat(same).isTrue();
    assertThat(again).isEqualTo(etcd);
    assertThat(argv).containsExactly("/opt/etcd/bin/etcd", "--name=master", "--data-dir=/var/lib/etcd");
    assertThat(where).isEqualTo(Path.of("/etc/systemd/system/kubelet.service.d/20-verbose.conf"));
    SystemdVerifier.Result result = new SystemdVerifier(root)
        .verify(List.of(etcd, apiserver, containerd, kubelet), List.of(verbose));
    assertThat(result.clean()).as(result.output()).isTrue();
  }
}
