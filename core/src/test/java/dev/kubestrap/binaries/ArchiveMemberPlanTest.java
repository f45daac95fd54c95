package dev.kubestrap.binaries;

import static dev.kubestrap.binaries.TestFiles.bytes;
import static dev.kubestrap.binaries.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubestrap.cluster.internal.BinaryPlanner;
import dev.kubestrap.component.RequiredBinary;
import dev.kubestrap.plan.ArchiveMember;
import dev.kubestrap.plan.PutBinary;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a planned binary tells a host that fetches for itself: the program's URL for a bare release file, the
 * archive's URL, the archive's sha256 and the member's path for a program unpacked from an archive, and nothing for a
 * source hosts cannot reach (a local directory) or a member no host should be given.
 */
class ArchiveMemberPlanTest {
  private static final String ETCD = "3.6.14";

  @TempDir Path work;
  private Path cache;
  private MirrorServer mirror;

  @BeforeEach
  void start() throws Exception {
    cache = work.resolve("cache");
    mirror = new MirrorServer();
  }

  @AfterEach
  void stop() {
    mirror.close();
  }

  @Test
  void anUnpackedProgramCarriesItsArchivesUrlAndDigestAndItsMemberPath() throws Exception {
    Map<String, String> members = new LinkedHashMap<>();
    members.put("etcd-v3.6.14-linux-amd64/etcd*", "the etcd program");
    members.put("etcd-v3.6.14-linux-amd64/etcdctl*", "the etcdctl program");
    byte[] tarball = TestFiles.tarGz(work, members);
    URI official = BinarySource.official().artifact("etcd", ETCD, Arch.AMD64).url();
    mirror.serve(official, tarball);
    BinaryPlanner planner = new BinaryPlanner(source().pin("etcd", ETCD, Arch.AMD64, sha256(tarball)), false,
        Arch.AMD64);

    PutBinary etcdctl = put(planner, "etcd", "etcdctl", "/opt/etcd/bin/etcdctl");

    assertThat(etcdctl.sha256()).isEqualTo(sha256(bytes("the etcdctl program")));
    assertThat(etcdctl.source().hostUrl()).isEmpty();
    URI mirrored = mirror.base().resolve(official.getHost() + official.getPath());
    assertThat(etcdctl.source().hostArchive()).contains(
        new ArchiveMember(mirrored, sha256(tarball), "etcd-v3.6.14-linux-amd64/etcdctl"));
    assertThat(Files.readString(etcdctl.source().resolve())).as("the upload fallback's file").isEqualTo(
        "the etcdctl program");
  }

  @Test
  void aBareReleaseFileCarriesItsOwnUrlAndNoArchive() {
    byte[] kubelet = bytes("the kubelet program");
    URI official = BinarySource.official().artifact("kubelet", "1.36.4", Arch.AMD64).url();
    mirror.serve(official, kubelet);
    BinaryPlanner planner = new BinaryPlanner(source().pin("kubelet", "1.36.4", Arch.AMD64, sha256(kubelet)), false,
        Arch.AMD64);

    PutBinary put = put(planner, "kubelet", "kubelet", "/opt/kubernetes/bin/kubelet");

    assertThat(put.source().hostUrl()).contains(mirror.base().resolve(official.getHost() + official.getPath()));
    assertThat(put.source().hostArchive()).isEmpty();
  }

  @Test
  void aLocalDirectoryGivesHostsNothingToFetch() throws Exception {
    Path bundle = Files.createDirectories(work.resolve("bundle"));
    byte[] tarball = TestFiles.tarGz(work, Map.of("etcd-v3.6.14-linux-amd64/etcd*", "etcd",
        "etcd-v3.6.14-linux-amd64/etcdctl*", "etcdctl"));
    Files.write(bundle.resolve("etcd-v3.6.14-linux-amd64.tar.gz"), tarball);
    BinaryPlanner planner = new BinaryPlanner(BinarySource.directory(bundle).cacheIn(cache)
        .pin("etcd", ETCD, Arch.AMD64, sha256(tarball)), false, Arch.AMD64);

    PutBinary put = put(planner, "etcd", "etcd", "/opt/etcd/bin/etcd");

    assertThat(put.source().hostUrl()).isEmpty();
    assertThat(put.source().hostArchive()).isEmpty();
  }

  @Test
  void aMemberThatWouldEscapeIsNeverGivenToAHostAndIsSentInstead() throws Exception {
    // GNU tar drops a leading "../" when it packs: this archive is written member by member
    byte[] tarball = tarGz(Map.of("../etcd", "the etcd program", "etcdctl", "the etcdctl program"));
    URI official = BinarySource.official().artifact("etcd", ETCD, Arch.AMD64).url();
    mirror.serve(official, tarball);
    BinaryPlanner planner = new BinaryPlanner(source().pin("etcd", ETCD, Arch.AMD64, sha256(tarball)), false,
        Arch.AMD64);

    PutBinary etcd = put(planner, "etcd", "etcd", "/opt/etcd/bin/etcd");

    assertThat(etcd.source().hostArchive()).isEmpty();
    assertThat(etcd.source().hostUrl()).isEmpty();
    assertThat(Files.readString(etcd.source().resolve())).isEqualTo("the etcd program");
  }

  private DownloadSource source() {
    return BinarySource.official().allowPlainHttp().mirroredAt(mirror.base()).cacheIn(cache);
  }

  private static PutBinary put(BinaryPlanner planner, String artifact, String entry, String target) {
    String version = artifact.equals("etcd") ? ETCD : "1.36.4";
    return (PutBinary) planner.actions(new RequiredBinary(artifact, version, entry, Path.of(target))).get(0);
  }

  private static byte[] tarGz(Map<String, String> members) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      for (Map.Entry<String, String> member : members.entrySet()) {
        byte[] content = bytes(member.getValue());
        TarArchiveEntry entry = new TarArchiveEntry(member.getKey(), true);
        entry.setSize(content.length);
        entry.setMode(0100755);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
