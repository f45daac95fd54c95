package dev.kubestrap.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.apply.internal.EndpointProbe;
import dev.kubestrap.pki.ClusterCertificates;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.plan.ComponentActions;
import dev.kubestrap.plan.HealthProbe;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.spec.Role;
import dev.kubestrap.transport.local.LocalTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts Debian's etcd (3.4) with exactly the arguments of the rendered unit's {@code ExecStart}, with
 * files written from a {@code KubernetesPki}, and talks to it with the real etcdctl. One member serves
 * every test of the class.
 */
class RealEtcdTest {

  private static final Path ETCD = Path.of("/usr/bin/etcd");
  private static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");

  @TempDir static Path root;
  private static Process etcd;

  private static ClusterSpec spec;
  private static HostSpec member;
  private static ClusterCertificates pki;
  private static ComponentInstall install;

  @BeforeAll
  static void renderAndStart() throws Exception {
    int clientPort = freePort();
    int peerPort = freePort();
    spec = ClusterSpec.builder()
        .etcdVersion("3.4.23")
        .layout(Layout.under(root))
        .etcdClientPort(clientPort)
        .etcdPeerPort(peerPort)
        .addHost("etcd-test", "127.0.0.1", Role.CONTROL_PLANE, Role.ETCD)
        .build();
    member = spec.host("etcd-test");
    pki = spec.pkiFacts().build().issue();
    install = new Etcd(spec).install(member, new ClusterSecrets(pki, EncryptionKey.of(new byte[32])));
    install.writeTo(Path.of("/"));

    List<String> argv = new ArrayList<>(install.unit().execStart());
    assertThat(argv.get(0)).isEqualTo(root.resolve("opt/etcd/etcd").toString());
    argv.set(0, ETCD.toString()); // the binary a BinarySource would place there; Debian's here
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().putAll(bootstrapEnvironment());
    etcd = builder
        .redirectErrorStream(true)
        .redirectOutput(root.resolve("etcd.log").toFile())
        .start();
    awaitHealthy();
  }

  /**
   * Runs the plan's bootstrap command for real and reads the file it wrote as systemd's {@code EnvironmentFile=}
   * would: the members to form are not flags of the unit.
   */
  private static Map<String, String> bootstrapEnvironment() throws Exception {
    Etcd etcdComponent = new Etcd(spec);
    Process write = new ProcessBuilder(etcdComponent.bootstrapCommand(
        etcdComponent.bootstrapEnvironment(etcdComponent.initialCluster(spec.etcdMembers()), false))).redirectErrorStream(true).start();
    assertThat(write.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(write.exitValue()).as(new String(write.getInputStream().readAllBytes())).isZero();
    Map<String, String> environment = new LinkedHashMap<>();
    for (String line : Files.readAllLines(etcdComponent.bootstrapFile())) {
      environment.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
    }
    assertThat(environment).containsEntry("ETCD_INITIAL_CLUSTER", "etcd-test=https://127.0.0.1:" + spec.etcdPeerPort())
        .containsEntry("ETCD_INITIAL_CLUSTER_STATE", "new");
    assertThat(install.unit().execStart()).noneMatch(arg -> arg.startsWith("--initial-cluster="));
    return environment;
  }

  @AfterAll
  static void stopEtcd() throws InterruptedException {
    if (etcd != null) {
      etcd.destroy();
      if (!etcd.waitFor(10, TimeUnit.SECONDS)) {
        etcd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void dataDirectoryIsPrivateAndApartFromTheBinary() throws IOException {
    Path dataDir = root.resolve("opt/etcd/data");

    assertThat(Files.getPosixFilePermissions(dataDir)).extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "OWNER_EXECUTE");
    assertThat(install.unit().execStart()).contains("--data-dir=" + dataDir);
    assertThat(Files.list(dataDir).map(p -> p.getFileName().toString())).contains("member");
  }

  @Test
  void apiServerEtcdClientCertificateIsAcceptedAndCanWrite() throws Exception {
    Result health = etcdctl(pki.apiServerEtcdClient(), "endpoint", "health");
    assertThat(health.exitCode).as(health.output).isZero();
    assertThat(health.output).contains("is healthy");

    Result put = etcdctl(pki.apiServerEtcdClient(), "put", "/registry/kubestrap-test", "ok");
    assertThat(put.exitCode).as(put.output).isZero();
    Result get = etcdctl(pki.apiServerEtcdClient(), "get", "--print-value-only", "/registry/kubestrap-test");
    assertThat(get.output.strip()).isEqualTo("ok");
  }

  @Test
  void certificateFromTheClusterCaIsRefused() throws Exception {
    Result health = etcdctl(pki.admin(), "endpoint", "health");

    assertThat(health.exitCode).as(health.output).isNotZero();
    assertThat(health.output).contains("is unhealthy");
    assertThat(Files.readString(root.resolve("etcd.log")))
        .containsPattern("(?i)rejected connection|bad certificate|unknown certificate authority");
  }

  @Test
  void renderedHealthCheckPassesAgainstTheRunningMember() {
    HealthProbe.Endpoint check = (HealthProbe.Endpoint) ComponentActions.planCheck(install.healthCheck());
    assertThat(check.certFile()).contains(root.resolve("opt/etcd/etcd-healthcheck-client.pem").toString());

    try (EndpointProbe probe = new EndpointProbe(LocalTransport.create(), check)) {
      assertThat(probe.probe(Duration.ofSeconds(10))).isEmpty();
    }
  }

  @Test
  void theHealthCheckFailsWithAClientCertificateEtcdDoesNotTrust() throws Exception {
    Path untrusted = Files.writeString(root.resolve("admin.pem"), pki.admin().certificatePem());
    Path untrustedKey = Files.writeString(root.resolve("admin-key.pem"), pki.admin().privateKeyPem());
    HealthProbe.Endpoint check = ((HealthProbe.Endpoint) ComponentActions.planCheck(install.healthCheck()))
        .clientCertificate(untrusted.toString(), untrustedKey.toString());

    try (EndpointProbe probe = new EndpointProbe(LocalTransport.create(), check)) {
      assertThat(probe.probe(Duration.ofSeconds(10))).isPresent();
    }
  }

  private static void awaitHealthy() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Result last = null;
    while (System.nanoTime() < deadline) {
      if (!etcd.isAlive()) {
        throw new AssertionError("etcd exited with " + etcd.exitValue() + ":\n" + Files.readString(root.resolve("etcd.log")));
      }
      last = etcdctl(pki.apiServerEtcdClient(), "endpoint", "health");
      if (last.exitCode == 0) {
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("etcd not healthy within 30s; last etcdctl output: " + (last == null ? "" : last.output)
        + "\netcd log:\n" + Files.readString(root.resolve("etcd.log")));
  }

  private static Result etcdctl(IssuedCertificate client, String... args) throws Exception {
    Path dir = Files.createTempDirectory(root, "client");
    Path cert = Files.writeString(dir.resolve("client.pem"), client.certificatePem());
    Path key = Files.writeString(dir.resolve("client-key.pem"), client.privateKeyPem());
    List<String> command = new ArrayList<>(List.of(ETCDCTL.toString(),
        "--endpoints=https://127.0.0.1:" + spec.etcdClientPort(),
        "--cacert=" + root.resolve("opt/etcd/etcd-ca.pem"),
        "--cert=" + cert, "--key=" + key, "--dial-timeout=2s", "--command-timeout=3s"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("ETCDCTL_API", "3");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("etcdctl did not finish: " + command);
    }
    return new Result(process.exitValue(), output);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private record Result(int exitCode, String output) {}
}
