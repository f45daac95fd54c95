package dev.kubestrap.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kubestrap.apply.ApplyEvent;
import dev.kubestrap.apply.ApplyReport;
import dev.kubestrap.apply.BinaryDelivery;
import dev.kubestrap.apply.HostReport;
import dev.kubestrap.apply.PlanExecutor;
import dev.kubestrap.apply.internal.HostFetch;
import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.cluster.internal.BinaryPlanner;
import dev.kubestrap.component.RequiredBinary;
import dev.kubestrap.pki.CertificateAuthority;
import dev.kubestrap.pki.ExtendedKeyUsage;
import dev.kubestrap.pki.IssuedCertificate;
import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.ArtifactSource;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.EnsureDirectory;
import dev.kubestrap.plan.HostId;
import dev.kubestrap.plan.Phase;
import dev.kubestrap.plan.PutBinary;
import dev.kubestrap.sandbox.junit.WithSandbox;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ssh.SshTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binaries that the hosts place themselves, on three real hosts: downloaded from a mirror on this machine (plain
 * HTTP through bash), or served by the first host ({@code openssl s_server} as a transient unit, a certificate from a
 * CA made here); programs inside an archive, taken out of it by the hosts; checked on the host; and the fall-back to
 * sending the file when a host cannot fetch.
 */
@WithSandbox(hosts = 3)
class BinaryDeliveryOnSandboxTest {
  private static final int SIZE = 24 * 1024 * 1024;
  private static final String ETCD = "3.6.14";

  @TempDir Path dir;
  private Path kubelet;
  private Path kubeProxy;
  private HttpServer mirror;
  private ExecutorService mirrorThreads;
  /** Files the mirror serves a given client address instead of the one at the path asked for. */
  private final Map<String, Path> servedTo = new java.util.concurrent.ConcurrentHashMap<>();
  /** The mirror's requests: client address and path. */
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<ApplyEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void programs() throws IOException {
    kubelet = random("kubelet", 1);
    kubeProxy = random("kube-proxy", 2);
  }

  @BeforeEach
  void nothingPlacedYet(Sandbox sandbox) {
    for (SandboxHost host : sandbox.hosts()) {
      try (SshTransport ssh = host.connect()) {
        ssh.run(Command.of("rm", "-rf", "/opt/bench", "/var/lib/kubestrap/artifacts", HostFetch.ARCHIVES));
      }
    }
  }

  @AfterEach
  void stopMirror() {
    if (mirror != null) {
      mirror.stop(0);
      // The server does not stop an executor it was given.
      mirrorThreads.shutdownNow();
    }
  }

  @Test
  void everyHostFetchesFromTheMirrorAndAHostThatCannotIsSentTheFile(Sandbox sandbox) throws Exception {
    URI base = serveMirror(sandbox.bridgeAddress());
    ClusterPlan.Builder plan = ClusterPlan.builder("fetch");
    for (SandboxHost host : sandbox.hosts()) {
      // host3's kube-proxy URL answers 404: it must be sent instead, with a warning
      URI proxyUrl = base.resolve(host.name().equals("host3") ? "missing/kube-proxy" : "kube-proxy");
      plan.add(Phase.NODES, HostId.of(host.name()), EnsureDirectory.of("/opt/bench/bin"),
          binary("/opt/bench/bin/kubelet", kubelet, base.resolve("kubelet")),
          binary("/opt/bench/bin/kube-proxy", kubeProxy, proxyUrl));
    }

    ApplyReport fresh = executor(sandbox, BinaryDelivery.hostsFetch()).apply(plan.build());

    assertThat(fresh.filesFetched()).isEqualTo(5);
    assertThat(host(fresh, "host1").bytesSent()).isZero();
    assertThat(host(fresh, "host3").bytesSent()).isEqualTo(SIZE);
    assertThat(warnings()).singleElement().asString().contains("host3").contains("404");
    assertPlaced(sandbox);
    assertThat(executor(sandbox, BinaryDelivery.hostsFetch()).apply(plan.build()).bytesSent()).isZero();
  }

  @Test
  void hostsTakeTheProgramsInsideAnArchiveFromOneDownloadAndAWrongArchiveIsSentInstead(Sandbox sandbox)
      throws Exception {
    Path etcd = random("etcd", 3);
    Path etcdctl = random("etcdctl", 4);
    URI base = serveMirror(sandbox.bridgeAddress());
    URI official = BinarySource.official().artifact("etcd", ETCD, Arch.AMD64).url();
    Path archive = tarGz(dir.resolve("mirror").resolve(official.getHost() + official.getPath()), etcd, etcdctl);
    // host3 is served another build of the archive: its programs must be sent, with the digests in the warning
    Path wrong = tarGz(dir.resolve("wrong.tar.gz"), etcdctl, etcd);
    servedTo.put(sandbox.host("host3").address(), wrong);
    BinaryPlanner planner = new BinaryPlanner(BinarySource.official().allowPlainHttp().mirroredAt(base.resolve("mirror/"))
        .cacheIn(dir.resolve("cache")).pin("etcd", ETCD, Arch.AMD64, sha256(archive)), false, Arch.AMD64);
    ClusterPlan.Builder plan = ClusterPlan.builder("archives");
    for (SandboxHost host : sandbox.hosts()) {
      List<Action> actions = new java.util.ArrayList<>(List.of(EnsureDirectory.of("/opt/bench/etcd")));
      for (String program : List.of("etcd", "etcdctl")) {
        actions.addAll(planner.actions(new RequiredBinary("etcd", ETCD, program, Path.of("/opt/bench/etcd", program))));
      }
      plan.add(Phase.ETCD, HostId.of(host.name()), actions.toArray(Action[]::new));
    }
    try (SshTransport ssh = sandbox.host("host1").connect()) {
      ssh.run(Command.script("mkdir -p \"$1\" && echo interrupted > \"$1/stray.part.0\"", HostFetch.ARCHIVES));
    }

    ApplyReport fresh = executor(sandbox, BinaryDelivery.hostsFetch()).apply(plan.build());

    assertThat(fresh.filesFetched()).as("both programs on host1 and host2").isEqualTo(4);
    assertThat(host(fresh, "host1").bytesSent()).isZero();
    assertThat(host(fresh, "host2").bytesSent()).isZero();
    assertThat(host(fresh, "host3").bytesSent()).as("the programs, not the archive").isEqualTo(2L * SIZE);
    for (String fetched : List.of("host1", "host2")) {
      assertThat(requests).as("one download by " + fetched + " for both programs")
          .filteredOn(r -> r.startsWith(sandbox.host(fetched).address() + " ")).hasSize(1);
    }
    URI url = base.resolve("mirror/" + official.getHost() + official.getPath());
    assertThat(warnings()).hasSize(2).allSatisfy(w -> assertThat(w.host()).isEqualTo(HostId.of("host3")))
        .extracting(ApplyEvent.Warning::message).contains("taking etcd-v" + ETCD + "-linux-amd64/etcd from " + url
            + " failed, sent instead: sha256 of " + url + " is " + sha256(wrong) + ", not the pinned " + sha256(archive));
    for (SandboxHost host : sandbox.hosts()) {
      try (SshTransport ssh = host.connect()) {
        assertThat(ssh.sha256("/opt/bench/etcd/etcd")).as(host.name()).contains(sha256(etcd));
        assertThat(ssh.sha256("/opt/bench/etcd/etcdctl")).as(host.name()).contains(sha256(etcdctl));
        assertThat(ssh.run(Command.of("stat", "-c", "%a", "/opt/bench/etcd/etcdctl")).stdoutTrimmed()).isEqualTo("755");
        assertThat(ssh.exists(HostFetch.ARCHIVES)).as("staging removed, the stray with it").isFalse();
        assertThat(ssh.run(Command.script("ls -a /opt/bench/etcd | grep -c kubestrap-tmp || true")).stdoutTrimmed())
            .as("no temporary file left").isEqualTo("0");
      }
    }
    ApplyReport again = executor(sandbox, BinaryDelivery.hostsFetch()).apply(plan.build());
    assertThat(again.bytesSent()).isZero();
    assertThat(again.filesFetched()).isZero();
  }

  @Test
  void theFirstHostReceivesEachBinaryOnceAndServesTheOthersOnlyDuringTheApply(Sandbox sandbox) throws Exception {
    CertificateAuthority ca = CertificateAuthority.selfSigned("test cluster ca").build();
    SandboxHost first = sandbox.host("host1");
    BinaryDelivery served = BinaryDelivery.servedBy(HostId.of("host1"), first.address(), ca.certificatePem(),
        () -> credentials(ca, first.address()));
    ClusterPlan plan = everyHostGetsBoth(sandbox);

    ApplyReport fresh = executor(sandbox, served).apply(plan);

    assertThat(host(fresh, "host1").bytesSent()).as("each binary once").isEqualTo(2L * SIZE);
    assertThat(host(fresh, "host2").bytesSent()).isZero();
    assertThat(host(fresh, "host3").bytesSent()).isZero();
    assertThat(fresh.filesFetched()).isEqualTo(6);
    assertThat(warnings()).isEmpty();
    assertPlaced(sandbox);
    try (SshTransport ssh = first.connect()) {
      assertThat(ssh.exec(Command.of("systemctl", "is-active", "kubestrap-artifacts.service")).stdoutTrimmed())
          .isIn("inactive", "unknown");
      assertThat(ssh.exists("/run/kubestrap-artifacts")).as("the server's key is gone").isFalse();
    }
    for (SandboxHost host : List.of(sandbox.host("host2"), sandbox.host("host3"))) {
      try (SshTransport ssh = host.connect()) {
        ssh.run(Command.of("rm", "/opt/bench/bin/kubelet"));
      }
    }
    ApplyReport again = executor(sandbox, served).apply(plan);
    assertThat(again.bytesSent()).as("staged binaries are not sent again").isZero();
    assertThat(again.filesFetched()).isEqualTo(2);
  }

  @Test
  void whenTheServerCannotStartTheOthersAreSentTheirFiles(Sandbox sandbox) throws Exception {
    CertificateAuthority ca = CertificateAuthority.selfSigned("test cluster ca").build();
    SandboxHost first = sandbox.host("host1");
    BinaryDelivery onSshPort = BinaryDelivery.servedBy(HostId.of("host1"), first.address(), ca.certificatePem(),
        () -> credentials(ca, first.address())).port(22);

    ApplyReport fresh = executor(sandbox, onSshPort).apply(everyHostGetsBoth(sandbox));

    assertThat(host(fresh, "host2").bytesSent()).isEqualTo(2L * SIZE);
    assertThat(host(fresh, "host3").bytesSent()).isEqualTo(2L * SIZE);
    assertThat(warnings()).hasSize(4).allSatisfy(w -> assertThat(w).asString().contains("serving from"));
    assertPlaced(sandbox);
  }

  private ClusterPlan everyHostGetsBoth(Sandbox sandbox) {
    ClusterPlan.Builder plan = ClusterPlan.builder("served");
    for (SandboxHost host : sandbox.hosts()) {
      plan.add(Phase.NODES, HostId.of(host.name()), EnsureDirectory.of("/opt/bench/bin"),
          binary("/opt/bench/bin/kubelet", kubelet, null), binary("/opt/bench/bin/kube-proxy", kubeProxy, null));
    }
    return plan.build();
  }

  private PlanExecutor executor(Sandbox sandbox, BinaryDelivery delivery) {
    Map<String, SandboxHost> hosts = new java.util.HashMap<>();
    sandbox.hosts().forEach(h -> hosts.put(h.name(), h));
    Function<HostId, dev.kubestrap.transport.Transport> connect = id -> hosts.get(id.name()).connect();
    return PlanExecutor.builder().transports(connect).binaryDelivery(delivery).listener(events::add).build();
  }

  private void assertPlaced(Sandbox sandbox) throws Exception {
    for (SandboxHost host : sandbox.hosts()) {
      try (SshTransport ssh = host.connect()) {
        assertThat(ssh.sha256("/opt/bench/bin/kubelet")).as(host.name()).contains(sha256(kubelet));
        assertThat(ssh.sha256("/opt/bench/bin/kube-proxy")).as(host.name()).contains(sha256(kubeProxy));
        assertThat(ssh.run(Command.of("stat", "-c", "%a", "/opt/bench/bin/kubelet")).stdoutTrimmed()).isEqualTo("755");
        assertThat(ssh.run(Command.script("ls -a /opt/bench/bin | grep -c kubestrap-fetch || true")).stdoutTrimmed())
            .as("no temporary file left").isEqualTo("0");
      }
    }
  }

  private List<ApplyEvent.Warning> warnings() {
    return events.stream().filter(ApplyEvent.Warning.class::isInstance).map(ApplyEvent.Warning.class::cast).toList();
  }

  private static HostReport host(ApplyReport report, String name) {
    return report.host(HostId.of(name)).orElseThrow();
  }

  private static String credentials(CertificateAuthority ca, String address) {
    IssuedCertificate server = IssuedCertificate.builder().commonName("artifact server").addIpAddress(address)
        .extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH).validity(Duration.ofHours(1)).signedBy(ca).build();
    return server.certificatePem() + server.privateKeyPem();
  }

  private PutBinary binary(String path, Path local, URI url) {
    try {
      return PutBinary.builder().path(path).artifact(local.getFileName().toString()).version("1.36.0")
          .sha256(sha256(local)).source(ArtifactSource.file(local, url)).build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private URI serveMirror(String address) throws IOException {
    mirror = HttpServer.create(new InetSocketAddress(address, 0), 16);
    mirror.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String client = exchange.getRemoteAddress().getAddress().getHostAddress();
      requests.add(client + " " + path);
      Path file = path.startsWith("/missing/") ? null : servedTo.getOrDefault(client, dir.resolve(path.substring(1)));
      if (file == null || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      exchange.sendResponseHeaders(200, Files.size(file));
      try (OutputStream out = exchange.getResponseBody()) {
        Files.copy(file, out);
      }
    });
    mirrorThreads = Executors.newFixedThreadPool(4);
    mirror.setExecutor(mirrorThreads);
    mirror.start();
    return URI.create("http://" + address + ":" + mirror.getAddress().getPort() + "/");
  }

  /** {@code programs} packed by the real tar as the etcd release packs them, under one directory, at {@code to}. */
  private Path tarGz(Path to, Path... programs) throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree-" + to.getFileName()).resolve("etcd-v" + ETCD
        + "-linux-amd64"));
    List<String> command = new java.util.ArrayList<>(List.of("tar", "-C", tree.getParent().toString(), "-czf",
        to.toString()));
    String[] names = {"etcd", "etcdctl"};
    for (int i = 0; i < programs.length; i++) {
      Files.copy(programs[i], tree.resolve(names[i]));
      command.add(tree.getFileName() + "/" + names[i]);
    }
    Files.createDirectories(to.getParent());
    Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(tar.getInputStream().readAllBytes());
    assertThat(tar.waitFor()).as(output).isZero();
    return to;
  }

  private Path random(String name, long seed) throws IOException {
    byte[] bytes = new byte[SIZE];
    new Random(seed).nextBytes(bytes);
    return Files.write(dir.resolve(name), bytes);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
