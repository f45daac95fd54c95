package dev.kubestrap.examples.bench.apply;

import dev.kubestrap.plan.ArtifactSource;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.EnsureDirectory;
import dev.kubestrap.plan.HealthProbe;
import dev.kubestrap.plan.HealthWait;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.InstallUnit;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.PutBinary;
import dev.kubestrap.plan.PutFile;
import dev.kubestrap.plan.RunCommand;
import dev.kubestrap.plan.ServiceAction;
import dev.kubestrap.transport.FileMode;
import java.nio.file.Path;

/**
 * A plan shaped like a worker node, for the scale benchmark: per host, 7 PKI files, then node
 * preparation (4 commands), 5 directories, 6 configuration files, 2 binaries, 3 units, 3 services and
 * a health wait. Contents are small and differ per host, as certificates and kubeconfigs do.
 */
final class SyntheticNodePlan {
  static final int PLACEMENTS_PER_HOST = 7 + 6 + 2 + 3;

  private SyntheticNodePlan() {}

  static ClusterPlan build(int hosts, Path kubelet, String kubeletSha256, Path kubeProxy, String kubeProxySha256) {
    ClusterPlan.Builder plan = ClusterPlan.builder("bench");
    for (int i = 0; i < hosts; i++) {
      HostId host = HostId.of("node-" + i);
      String name = host.name();
      PutFile kubeletKey = PutFile.text("/etc/kubernetes/pki/kubelet.key", pem("PRIVATE KEY", name), FileMode.of(0600));
      PutFile kubeletCert = PutFile.text("/etc/kubernetes/pki/kubelet.crt", pem("CERTIFICATE", name), FileMode.of(0644));
      PutFile proxyKubeconfig = PutFile.text("/etc/kubernetes/kube-proxy.kubeconfig", kubeconfig(name, "kube-proxy"), FileMode.of(0600));
      PutFile kubeletKubeconfig = PutFile.text("/etc/kubernetes/kubelet.kubeconfig", kubeconfig(name, "kubelet"), FileMode.of(0600));
      plan.add(Phase.PKI, host,
          EnsureDirectory.of("/etc/kubernetes/pki", FileMode.of(0700)),
          PutFile.text("/etc/kubernetes/pki/ca.crt", pem("CERTIFICATE", "ca"), FileMode.of(0644)),
          kubeletCert, kubeletKey,
          PutFile.text("/etc/kubernetes/pki/kube-proxy.crt", pem("CERTIFICATE", name + "-proxy"), FileMode.of(0644)),
          PutFile.text("/etc/kubernetes/pki/kube-proxy.key", pem("PRIVATE KEY", name + "-proxy"), FileMode.of(0600)),
          kubeletKubeconfig, proxyKubeconfig);

      PutFile containerdConfig = PutFile.text("/etc/containerd/config.toml", "version = 2\n", FileMode.of(0644));
      PutFile kubeletConfig = PutFile.text("/opt/kubelet/kubelet-config.yaml",
          "kind: KubeletConfiguration\nclusterDNS: [10.254.0.2]\n", FileMode.of(0644));
      PutFile proxyConfig = PutFile.text("/opt/kube-proxy/kube-proxy-config.yaml",
          "kind: KubeProxyConfiguration\nclusterCIDR: 10.244.0.0/16\n", FileMode.of(0644));
      PutBinary kubeletBinary = binary("/opt/kubelet/bin/kubelet", "kubelet", kubelet, kubeletSha256);
      PutBinary proxyBinary = binary("/opt/kube-proxy/bin/kube-proxy", "kube-proxy", kubeProxy, kubeProxySha256);
      InstallUnit containerd = InstallUnit.of("containerd.service", "[Service]\nExecStart=/usr/bin/containerd\n");
      InstallUnit kubeletUnit = InstallUnit.of("kubelet.service",
          "[Service]\nExecStart=/opt/kubelet/bin/kubelet --config=/opt/kubelet/kubelet-config.yaml\n");
      InstallUnit proxyUnit = InstallUnit.of("kube-proxy.service",
          "[Service]\nExecStart=/opt/kube-proxy/bin/kube-proxy --config=/opt/kube-proxy/kube-proxy-config.yaml\n");
      // tag::node-plan[]
      plan.add(Phase.NODES, host,
          RunCommand.builder("swap off").command("true").build(),
          RunCommand.builder("load br_netfilter").command("true").allowFailure().build(),
          RunCommand.builder("apply sysctls").command("true").build(),
          RunCommand.builder("conntrack present").command("true").build(),
          EnsureDirectory.of("/opt/kubelet/bin"), EnsureDirectory.of("/opt/kube-proxy/bin"),
          EnsureDirectory.of("/etc/containerd"), EnsureDirectory.of("/var/lib/kubelet"),
          EnsureDirectory.of("/etc/sysctl.d"),
          PutFile.text("/etc/sysctl.d/99-kubernetes.conf", "net.ipv4.ip_forward = 1\n", FileMode.of(0644)),
          PutFile.text("/etc/modules-load.d/kubernetes.conf", "overlay\nbr_netfilter\n", FileMode.of(0644)),
          PutFile.text("/etc/cni/net.d/10-flannel.conflist", "{\"name\":\"cbr0\"}\n", FileMode.of(0644)),
          containerdConfig, kubeletConfig, proxyConfig, kubeletBinary, proxyBinary,
          containerd, kubeletUnit, proxyUnit,
          ServiceAction.builder("containerd.service").restartOn(containerdConfig).build(),
          ServiceAction.builder("kubelet.service")
              .restartOn(kubeletConfig, kubeletBinary, kubeletKubeconfig, kubeletCert, kubeletKey).build(),
          ServiceAction.builder("kube-proxy.service").restartOn(proxyConfig, proxyBinary, proxyKubeconfig).build(),
          HealthWait.builder("kubelet healthy").check(HealthProbe.command("true")).unit("kubelet.service").build());
      // end::node-plan[]
    }
    return plan.build();
  }

  private static PutBinary binary(String path, String artifact, Path source, String sha256) {
    return PutBinary.builder().path(path).artifact(artifact).version("1.36.4").sha256(sha256)
        .source(ArtifactSource.file(source)).build();
  }

  private static String pem(String type, String subject) {
    return "-----BEGIN " + type + "-----\n" + ("bench material for " + subject + "\n").repeat(20)
        + "-----END " + type + "-----\n";
  }

  private static String kubeconfig(String node, String user) {
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: bench\n  cluster:\n    server: https://10.1.0.15:6443\n"
        + "users:\n- name: " + user + "\n  user:\n    client-certificate: /etc/kubernetes/pki/" + user + ".crt\n"
        + "contexts:\n- name: " + node + "\n";
  }
}
