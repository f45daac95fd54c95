package dev.kubestrap.plan;

import dev.kubestrap.plan.internal.Digests;
import dev.kubestrap.transport.FileMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Test fixture: plans shaped like a small cluster. The first host runs etcd; every host gets node
 * preparation, containerd and kubelet. Remote paths start with {@code prefix} ("" for rooted hosts).
 */
public final class SamplePlans {
  public static final String KEY_TEXT = "-----BEGIN PRIVATE KEY-----\nSECRET-KEY-BYTES\n-----END PRIVATE KEY-----\n";

  private final String prefix;
  private final Path etcdBinary;
  private String kubeletConfig = "address: 0.0.0.0\nport: 10250\n";
  private String keyText = KEY_TEXT;
  private String containerdUnit = "[Service]\nExecStart=/usr/bin/containerd\n";
  private List<String> etcdHealth = List.of("true");
  private Duration etcdHealthTimeout = Duration.ofSeconds(5);

  private SamplePlans(String prefix, Path etcdBinary) {
    this.prefix = prefix;
    this.etcdBinary = etcdBinary;
  }

  /** {@code etcdBinary} is a local file standing for the etcd executable. */
  public static SamplePlans withBinary(String prefix, Path etcdBinary) {
    return new SamplePlans(prefix, etcdBinary);
  }

  public SamplePlans kubeletConfig(String text) {
    this.kubeletConfig = text;
    return this;
  }

  /** The node key every host gets (kubelet restarts when it changes). */
  public SamplePlans keyText(String text) {
    this.keyText = text;
    return this;
  }

  public SamplePlans containerdUnit(String text) {
    this.containerdUnit = text;
    return this;
  }

  public SamplePlans etcdHealth(Duration timeout, String... command) {
    this.etcdHealth = List.of(command);
    this.etcdHealthTimeout = timeout;
    return this;
  }

  public ClusterPlan build(String... hosts) {
    ClusterPlan.Builder plan = ClusterPlan.builder("lab");
    for (int i = 0; i < hosts.length; i++) {
      HostId host = HostId.of(hosts[i]);
      PutFile ca = PutFile.text(p("/etc/kubernetes/pki/ca.crt"), "CA of lab\n", FileMode.of(0644));
      PutFile key = PutFile.text(p("/etc/kubernetes/pki/node.key"), keyText, FileMode.of(0600));
      plan.add(Phase.PKI, host, EnsureDirectory.of(p("/etc/kubernetes/pki"), FileMode.of(0700)), ca, key);
      if (i == 0) {
        addEtcd(plan, host, ca);
      }
      addNode(plan, host, key);
    }
    return plan.build();
  }

  private void addEtcd(ClusterPlan.Builder plan, HostId host, PutFile ca) {
    PutFile conf = PutFile.text(p("/opt/etcd/etcd.conf"), "ETCD_NAME=" + host + "\n", FileMode.of(0644));
    PutBinary etcd = PutBinary.builder().path(p("/opt/etcd/bin/etcd")).artifact("etcd").version("3.5.21")
        .sha256(Digests.sha256(etcdBinary)).source(etcdBinary).build();
    InstallUnit unit = unit("etcd.service", "[Service]\nExecStart=/opt/etcd/bin/etcd\n");
    plan.add(Phase.ETCD, host,
        EnsureDirectory.of(p("/opt/etcd/bin")), conf, etcd, unit,
        ServiceAction.builder("etcd.service").restartOn(conf, etcd, ca).build(),
        HealthWait.builder("etcd healthy").unit("etcd.service").timeout(etcdHealthTimeout)
            .check(new HealthProbe.OnHost(etcdHealth)).build());
  }

  private void addNode(ClusterPlan.Builder plan, HostId host, PutFile key) {
    PutFile kubelet = PutFile.text(p("/opt/kubelet/kubelet.yaml"), kubeletConfig, FileMode.of(0644));
    PutFile containerdConfig = PutFile.text(p("/etc/containerd/config.toml"), "version = 2\n", FileMode.of(0644));
    plan.add(Phase.NODES, host,
        RunCommand.builder("swap off").command("true").build(),
        RunCommand.builder("load br_netfilter").command("false").allowFailure().build(),
        EnsureDirectory.of(p("/opt/kubelet")), kubelet, containerdConfig,
        unit("containerd.service", containerdUnit),
        unit("kubelet.service", "[Service]\nExecStart=/opt/kubelet/bin/kubelet\n"),
        ServiceAction.builder("containerd.service").restartOn(containerdConfig).build(),
        ServiceAction.builder("kubelet.service").restartOn(kubelet, key).build(),
        HealthWait.builder("kubelet config present").timeout(Duration.ofSeconds(5))
            .check(HealthProbe.command("true")).unit("kubelet.service").build());
  }

  private InstallUnit unit(String name, String text) {
    return new InstallUnit(name, text, p(InstallUnit.DEFAULT_DIRECTORY));
  }

  private String p(String path) {
    return prefix + path;
  }
}
