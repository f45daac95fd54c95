package dev.kubestrap.systemd;

import java.time.Duration;
import java.util.List;

/** The units the tests render, check with systemd-analyze and parse back. */
final class SampleUnits {
  /** Arguments that need every kind of protection systemd's command-line syntax offers. */
  static final List<String> TRICKY_ARGUMENTS = List.of(
      "--plain=value",
      "with space",
      "",
      "double\"quote",
      "single'quote",
      "back\\slash",
      "trailing\\",
      "$HOME and ${PATH}",
      "100%",
      "%n%i",
      ";",
      "tab\there",
      "new\nline",
      "ünïcödé",
      "-");

  private SampleUnits() {}

  static SystemdUnit etcd() {
    return SystemdUnit.service("etcd.service")
        .description("etcd key-value store")
        .documentation("https://etcd.io/docs/")
        .dependsOn(Dependencies.onNetworkOnline())
        .type(ServiceType.NOTIFY)
        .execStart(List.of("/opt/etcd/bin/etcd",
            "--name=master",
            "--data-dir=/var/lib/etcd",
            "--cert-file=/opt/etcd/ssl/etcd.pem",
            "--key-file=/opt/etcd/ssl/etcd-key.pem",
            "--listen-client-urls=https://10.1.0.15:2379,https://127.0.0.1:2379",
            "--advertise-client-urls=https://10.1.0.15:2379"))
        .limitNofile(65536)
        .build();
  }

  static SystemdUnit apiserver() {
    return SystemdUnit.service("kube-apiserver.service")
        .description("Kubernetes API Server")
        .documentation("https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/")
        .dependsOn(Dependencies.onNetworkOnline().and(Dependencies.onEtcd()))
        .execStart(List.of("/opt/kubernetes/bin/kube-apiserver",
            "--etcd-servers=https://127.0.0.1:2379",
            "--service-cluster-ip-range=10.254.0.0/16"))
        .restartSec(Duration.ofSeconds(10))
        .build();
  }

  static SystemdUnit kubelet() {
    return SystemdUnit.service("kubelet.service")
        .description("Kubernetes Kubelet")
        .dependsOn(Dependencies.onContainerd())
        .execStart(List.of("/opt/kubernetes/bin/kubelet", "--config=/var/lib/kubelet/config.yaml",
            "--kubeconfig=/var/lib/kubelet/kubeconfig"))
        .workingDirectory("/var/lib/kubelet")
        .build();
  }

  static SystemdUnit containerd() {
    return ServicePresets.containerd("/opt/containerd/bin/containerd",
            List.of("--config", "/etc/containerd/config.toml"))
        .environment("PATH", "/opt/containerd/bin:/opt/cni/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .build();
  }

  /** A program and environment carrying every awkward character. */
  static SystemdUnit tricky() {
    SystemdUnit.ServiceBuilder builder = SystemdUnit.service("tricky.service")
        .description("50% of \"all\" \\ units")
        .execStartPre(List.of("-/usr/local/bin/prepare", "with space"))
        .execStart(concat("/opt/odd dir/bin/tricky", TRICKY_ARGUMENTS))
        .environment("QUOTED", "a \"b\" c")
        .environment("PERCENT", "100%")
        .environment("DOLLAR", "$NOT_EXPANDED")
        .environment("EMPTY", "")
        .restart(Restart.ALWAYS)
        .restartSec(Duration.ofMillis(1500))
        .killMode("mixed")
        .oomScoreAdjust(-500)
        .delegate(false)
        .wantedBy("multi-user.target", "graphical.target");
    return builder.build();
  }

  /** Only what the builder requires, everything else default. */
  static SystemdUnit minimal() {
    return SystemdUnit.service("minimal.service").execStart(List.of("/bin/true")).build();
  }

  /** Directives the builder does not name, given in between typed ones. */
  static SystemdUnit withExtraDirectives() {
    return SystemdUnit.service("extra.service")
        .directive("Unit", "StartLimitIntervalSec", "0")
        .execStart(List.of("/bin/true"))
        .directive("Service", "TimeoutStartSec", "0")
        .description("x")
        .build();
  }

  static DropIn kubeletDropIn() {
    return DropIn.forUnit("kubelet.service")
        .after("containerd.service")
        .replaceExecStart(List.of("/opt/kubernetes/bin/kubelet", "--v=2"))
        .environment("HTTPS_PROXY", "http://198.18.0.1:3128")
        .build();
  }

  static DropIn containerdLimitsDropIn() {
    return DropIn.forUnit("containerd.service").named("50-limits")
        .directive("Service", "LimitNOFILE", "1048576")
        .environment("X", "a b")
        .build();
  }

  private static List<String> concat(String program, List<String> arguments) {
    List<String> all = new java.util.ArrayList<>();
    all.add(program);
    all.addAll(arguments);
    return all;
  }
}
