package dev.kubestrap.e2e;

import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.cluster.Host;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.transport.ssh.SshConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The seed's cluster (master and node) as the fault tests apply it, described by plain values so that a child JVM
 * builds exactly the same cluster from a properties file: host addresses and pinned host keys, the sandbox's client
 * key, the stand-in release directory with its pins, optionally one padded program, the SSH keep-alive settings and
 * the state directory.
 */
final class FaultCluster {
  static final String KUBERNETES_VERSION = "1.36.4";
  private final Properties values;

  private FaultCluster(Properties values) {
    this.values = values;
  }

  static FaultCluster of(Sandbox sandbox, SandboxBinaries binaries, Path stateDir) {
    Properties values = new Properties();
    values.setProperty("state", stateDir.toString());
    values.setProperty("key", sandbox.clientKey().toString());
    for (SandboxHost host : sandbox.hosts()) {
      values.setProperty(host.name() + ".address", host.address());
      values.setProperty(host.name() + ".fingerprint", host.ssh().hostKeyFingerprint().orElseThrow());
    }
    values.setProperty("binaries", binaries.directory().toString());
    values.setProperty("pins", String.join(";", binaries.pins()));
    values.setProperty("etcd", binaries.etcdVersion());
    values.setProperty("containerd", binaries.containerdVersion());
    values.setProperty("runc", binaries.runcVersion());
    return new FaultCluster(values);
  }

  /** The same cluster with {@code program} in place of its stand-in. */
  FaultCluster with(PaddedProgram program) {
    Properties copy = copy();
    copy.setProperty("padded.component", program.component());
    copy.setProperty("padded.directory", program.directory().toString());
    copy.setProperty("padded.sha256", program.sha256());
    return new FaultCluster(copy);
  }

  /** The same cluster reaching its hosts with these SSH keep-alive settings. */
  FaultCluster keepAlive(Duration interval, Duration deadPeerTimeout) {
    Properties copy = copy();
    copy.setProperty("keepalive", interval.toString());
    copy.setProperty("deadpeer", deadPeerTimeout.toString());
    return new FaultCluster(copy);
  }

  Path stateDir() {
    return Path.of(values.getProperty("state"));
  }

  ClusterBuilder builder() {
    BinarySource binaries = SandboxBinaries.reopen(Path.of(values.getProperty("binaries")),
        List.of(values.getProperty("pins").split(";")));
    if (values.containsKey("padded.component")) {
      binaries = new PaddedProgram(binaries, values.getProperty("padded.component"),
          Path.of(values.getProperty("padded.directory")), values.getProperty("padded.sha256"));
    }
    return ClusterBuilder.named("seed")
        .kubernetesVersion(KUBERNETES_VERSION)
        .serviceCidr("10.254.0.0/16").clusterCidr("10.244.0.0/16").dnsServiceIp("10.254.0.2")
        .etcdVersion(values.getProperty("etcd")).containerdVersion(values.getProperty("containerd"))
        .runcVersion(values.getProperty("runc"))
        .master(Host.of("master", ssh("master"))).worker(Host.of("node", ssh("node")))
        .binaries(binaries)
        .stateDir(stateDir())
        .healthTimeout(Duration.ofSeconds(90));
  }

  private SshConfig ssh(String host) {
    SshConfig.Builder ssh = SshConfig.builder()
        .host(values.getProperty(host + ".address"))
        .user("root")
        .privateKey(Path.of(values.getProperty("key")))
        .hostKeyFingerprint(values.getProperty(host + ".fingerprint"));
    if (values.containsKey("keepalive")) {
      ssh.keepAlive(Duration.parse(values.getProperty("keepalive")))
          .deadPeerTimeout(Duration.parse(values.getProperty("deadpeer")));
    }
    return ssh.build();
  }

  void writeTo(Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file)) {
      values.store(out, "a fault test's cluster");
    }
  }

  static FaultCluster readFrom(Path file) throws IOException {
    Properties values = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      values.load(in);
    }
    return new FaultCluster(values);
  }

  private Properties copy() {
    Properties copy = new Properties();
    copy.putAll(values);
    return copy;
  }
}
