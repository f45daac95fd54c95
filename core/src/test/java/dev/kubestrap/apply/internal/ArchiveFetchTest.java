package dev.kubestrap.apply.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kubestrap.plan.ArchiveMember;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.local.LocalTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host side of taking programs out of archives, run by this machine's bash, tar and gzip through a local
 * transport: an archive packed by the real tar, served over plain HTTP, downloaded once into the staging directory,
 * checked before tar reads it; each member checked before it is placed.
 */
class ArchiveFetchTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(1);
  private static final String DIR = "etcd-v3.6.14-linux-amd64/";

  @TempDir Path dir;
  private Path staging;
  private Path bin;
  private byte[] archive;
  private final List<String> names = List.of("etcd", "etcdctl", "etcdutl");
  private final List<byte[]> programs = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer http;
  private final Transport host = LocalTransport.create();

  @BeforeEach
  void serve() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree/" + DIR));
    Random random = new Random(11);
    for (String name : names) {
      byte[] program = new byte[1024 * 1024 + name.length()];
      random.nextBytes(program);
      programs.add(program);
      Files.write(tree.resolve(name), program);
    }
    archive = run(dir.resolve("tree"), "tar", "-czf", "-", DIR + "etcd", DIR + "etcdctl", DIR + "etcdutl");
    staging = dir.resolve("staging");
    bin = Files.createDirectories(dir.resolve("opt/etcd/bin"));
    assertThat(HostFetch.prepareStaging(host, staging.toString())).isEmpty();
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/etcd.tar.gz", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(200, archive.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(archive);
      }
    });
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
    host.close();
  }

  @Test
  void everyMemberIsTakenFromOneDownloadAndPlacedWithItsMode() throws Exception {
    for (int i = 0; i < 2; i++) {
      HostFetch.Outcome outcome = take(member(archiveSha256(), DIR + names.get(i)), sha256(programs.get(i)),
          names.get(i));
      assertThat(outcome.failure()).isEmpty();
      assertThat(Files.readAllBytes(bin.resolve(names.get(i)))).isEqualTo(programs.get(i));
    }

    assertThat(requests).as("one download for both members").hasValue(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bin.resolve("etcd")))).isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(staging))).isEqualTo("rwx------");
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void concurrentPlacementsShareOneDownload() throws Exception {
    List<CompletableFuture<HostFetch.Outcome>> placing = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      placing.add(CompletableFuture.supplyAsync(() -> take(member(archiveSha256(), DIR + names.get(n)),
          sha256(programs.get(n)), names.get(n))));
    }

    for (int i = 0; i < 3; i++) {
      assertThat(placing.get(i).get().failure()).isEmpty();
      assertThat(Files.readAllBytes(bin.resolve(names.get(i)))).isEqualTo(programs.get(i));
    }
    assertThat(requests).as("the others waited for the first download").hasValue(1);
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void anArchiveThatIsNotThePinnedOneIsNeitherKeptNorExtracted() throws Exception {
    Files.writeString(bin.resolve("etcd"), "the old program");
    String pinned = "0".repeat(64);

    HostFetch.Outcome outcome = take(member(pinned, DIR + "etcd"), sha256(programs.get(0)), "etcd");

    assertThat(outcome.failure().orElseThrow())
        .isEqualTo("sha256 of " + url() + " is " + archiveSha256() + ", not the pinned " + pinned);
    assertThat(Files.readString(bin.resolve("etcd"))).isEqualTo("the old program");
    assertThat(Files.list(staging).filter(f -> !f.getFileName().toString().endsWith(".lock")).toList()).isEmpty();
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void aMemberThatIsNotThePinnedProgramIsNotPlaced() throws Exception {
    String pinned = sha256(programs.get(1));

    HostFetch.Outcome outcome = take(member(archiveSha256(), DIR + "etcd"), pinned, "etcd");

    assertThat(outcome.failure().orElseThrow()).isEqualTo("sha256 of " + DIR + "etcd in " + url() + " is "
        + sha256(programs.get(0)) + ", not the pinned " + pinned);
    assertThat(bin.resolve("etcd")).doesNotExist();
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void aMemberTheArchiveLacksIsReportedNotPlaced() throws Exception {
    HostFetch.Outcome outcome = take(member(archiveSha256(), DIR + "etcd-missing"), sha256(programs.get(0)), "etcd");

    assertThat(outcome.failure().orElseThrow()).startsWith("cannot take " + DIR + "etcd-missing from " + url() + ": ");
    assertThat(bin.resolve("etcd")).doesNotExist();
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void withoutItsStagingDirectoryNothingIsFetched() throws Exception {
    HostFetch.removeStaging(host, staging.toString());

    HostFetch.Outcome outcome = take(member(archiveSha256(), DIR + "etcd"), sha256(programs.get(0)), "etcd");

    assertThat(outcome.failure().orElseThrow()).isEqualTo("the staging directory " + staging + " is gone");
    assertThat(staging).doesNotExist();
    assertThat(requests).hasValue(0);
  }

  @Test
  void preparingTheStagingDirectoryRemovesWhatAnInterruptedRunLeft() throws Exception {
    Files.writeString(staging.resolve(archiveSha256() + ".part.abc123"), "half an archive");

    assertThat(HostFetch.prepareStaging(host, staging.toString())).isEmpty();

    assertThat(staging).isEmptyDirectory();
  }

  private HostFetch.Outcome take(ArchiveMember member, String sha256, String name) {
    return HostFetch.fromArchive(host, member, sha256, bin.resolve(name).toString(), FileMode.of(0755), "",
        staging.toString(), TIMEOUT);
  }

  private ArchiveMember member(String archiveSha256, String path) {
    return new ArchiveMember(url(), archiveSha256, path);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/etcd.tar.gz");
  }

  private String archiveSha256() {
    return sha256(archive);
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Temporary files beside the targets or half-downloaded archives in the staging directory. */
  private List<Path> temporaryFiles() throws IOException {
    try (Stream<Path> files = Stream.concat(Files.list(bin), Files.exists(staging) ? Files.list(staging) : Stream.of())) {
      return files.filter(f -> f.getFileName().toString().contains(Transport.TEMP_MARKER)
          || f.getFileName().toString().contains(".part.")).toList();
    }
  }

  private static byte[] run(Path directory, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
    byte[] out = process.getInputStream().readAllBytes();
    String errors = new String(process.getErrorStream().readAllBytes());
    assertThat(process.waitFor()).as(errors).isZero();
    return out;
  }
}
