package dev.kubestrap.e2e;

import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.BuildManifest;
import dev.kubestrap.cluster.ClusterBuilder;
import dev.kubestrap.cluster.Host;
import dev.kubestrap.sandbox.Sandbox;
import dev.kubestrap.sandbox.SandboxHost;
import dev.kubestrap.sandbox.cluster.ManifestVersions;
import dev.kubestrap.transport.ssh.SshConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seed's cluster (a control-plane host that is no node, and one node; no RBAC or add-on objects) as the fault
 * tests apply it, described by plain values so that a child JVM builds exactly the same cluster from a properties
 * file: host addresses and pinned host keys, the sandbox's client key, the programs built from source (the versions
 * their manifest records), optionally one retagged program, the SSH keep-alive settings and the state directory.
 */
final class FaultCluster {
  /** The programs by directory, each resolved (and hashed) once in this JVM. */
  private static final Map<Path, BinarySource> PROGRAMS = new ConcurrentHashMap<>();
  private final Properties values;

  private FaultCluster(Properties values) {
    this.values = values;
  }

  static FaultCluster of(Sandbox sandbox, BuiltPrograms programs, Path stateDir) {
    Properties values = new Properties();
    values.setProperty("state", stateDir.toString());
    values.setProperty("key", sandbox.clientKey().toString());
    for (SandboxHost host : sandbox.hosts()) {
      values.setProperty(host.name() + ".address", host.address());
      values.setProperty(host.name() + ".fingerprint", host.ssh().hostKeyFingerprint().orElseThrow());
    }
    values.setProperty("programs", programs.directory().toString());
    values.setProperty("cgroup-v1", Boolean.toString(sandbox.hostsUseCgroupV1()));
    return new FaultCluster(values);
  }

  /** The same cluster with {@code program} in place of the one it retags. */
  FaultCluster with(RetaggedProgram program) {
    Properties copy = copy();
    copy.setProperty("retagged.component", program.component());
    copy.setProperty("retagged.directory", program.directory().toString());
    copy.setProperty("retagged.sha256", program.sha256());
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
    Path programs = Path.of(values.getProperty("programs"));
    // one source per directory for the whole run; its files are hashed once per process (the binaries' digest memo)
    BinarySource built = PROGRAMS.computeIfAbsent(programs, BinarySource::directory);
    BinarySource binaries = !values.containsKey("retagged.component") ? built
        : PROGRAMS.computeIfAbsent(Path.of(values.getProperty("retagged.directory")), dir ->
            new RetaggedProgram(built, values.getProperty("retagged.component"), dir,
                values.getProperty("retagged.sha256")));
    ManifestVersions versions = new ManifestVersions(BuildManifest.in(programs).orElseThrow(() ->
        new IllegalStateException(programs + " has no " + BuildManifest.FILE_NAME)));
    return ClusterBuilder.named("seed")
        .spec(s -> s.serviceCidr("10.254.0.0/16").clusterCidr("10.244.0.0/16").dnsServiceIp("10.254.0.2")
            .controlPlaneNodes(false))
        .spec(versions::applyTo)
        .master(Host.of("master", ssh("master"))).worker(Host.of("node", ssh("node")))
        .binaries(binaries)
        .preloadImages(programs.resolve("images"))
        .spec(s -> s.allowCgroupV1(Boolean.parseBoolean(values.getProperty("cgroup-v1"))).containerHosts(true))
        .stateDir(stateDir())
        .healthTimeout(Duration.ofSeconds(120))
        // what the faults are about is on the hosts; the API objects would only lengthen every run
        .withoutApiObjects();
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
