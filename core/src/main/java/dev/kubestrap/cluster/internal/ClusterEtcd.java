package dev.kubestrap.cluster.internal;

import dev.kubestrap.cluster.ClusterException;
import dev.kubestrap.component.Etcd;
import dev.kubestrap.etcd.EtcdAdmin;
import dev.kubestrap.etcd.EtcdHealth;
import dev.kubestrap.etcd.EtcdMember;
import dev.kubestrap.etcd.EtcdSnapshot;
import dev.kubestrap.operation.Operation;
import dev.kubestrap.plan.internal.Digests;
import dev.kubestrap.spec.ClusterSpec;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.Transport;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code Cluster.etcd()}: membership and health, snapshots streamed to this machine, restores. */
public final class ClusterEtcd implements EtcdAdmin {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** How long a snapshot command may take: a large keyspace is written and checked. */
  static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final ClusterContext cluster;
  private final ClusterSpec spec;
  private final Etcd etcd;

  public ClusterEtcd(ClusterContext cluster) {
    this.cluster = cluster;
    this.spec = cluster.spec();
    this.etcd = new Etcd(spec);
  }

  @Override
  public List<EtcdMember> members() {
    return new EtcdAccess(cluster).through(spec, Set.of()).members();
  }

  @Override
  public List<EtcdHealth> health() {
    return new EtcdAccess(cluster).through(spec, Set.of()).health();
  }

  /** Where snapshots are made and restored from on a member: {@code /opt/etcd/snapshots}, 0700. */
  private Path snapshotDir() {
    return etcd.dataDir().resolveSibling("snapshots");
  }

  @Override
  public EtcdSnapshot snapshot(Path file) {
    Path target = file.toAbsolutePath();
    if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
      throw new ClusterException("snapshot file must be in an existing directory: '" + file + "'");
    }
    String member = new EtcdAccess(cluster).answering(spec, Set.of());
    Transport host = cluster.transport(member);
    String remote = snapshotDir().resolve("snapshot-" + UUID.randomUUID() + ".db").toString();
    Instant taken = Instant.now();
    host.mkdirs(snapshotDir().toString(), FileMode.of(0700));
    try {
      host.run(Command.of(privately(etcd.etcdctl("snapshot", "save", remote))).withTimeout(COMMAND_TIMEOUT));
      JsonNode status = status(host, remote);
      String remoteSha = host.sha256(remote).orElseThrow(() -> new ClusterException("the snapshot " + remote
          + " on " + host.target() + " vanished"));
      String sha = download(host, remote, target, remoteSha);
      cluster.progress("[etcd snapshot] " + target + " from " + member + ": revision "
          + status.path("revision").asLong() + ", sha256 " + sha);
      return new EtcdSnapshot(target, sha, status.path("revision").asLong(), status.path("totalKey").asLong(),
          size(target), member, taken);
    } finally {
      host.remove(remote);
    }
  }

  /** {@code etcdutl snapshot status} (etcdctl's with etcd 3.4) as JSON: hash, revision, totalKey, totalSize. */
  private JsonNode status(Transport host, String snapshot) {
    ExecResult result = host.run(Command.of(etcd.snapshotTool().toString(), "snapshot", "status", snapshot, "-w",
        "json").withTimeout(COMMAND_TIMEOUT));
    try {
      return JSON.readTree(result.stdout());
    } catch (JacksonException e) {
      throw new ClusterException("snapshot status of " + snapshot + " on " + host.target() + " printed no JSON: "
          + result.stdout().strip(), e);
    }
  }

  /** Streams the member's copy beside {@code target}, checks its digest, then renames it into place. */
  private static String download(Transport host, String remote, Path target, String expectedSha) {
    Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
    try {
      Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      host.get(remote, partial);
      String sha = Digests.sha256(partial);
      if (!sha.equals(expectedSha)) {
        throw new ClusterException("the snapshot arrived with sha256 " + sha + " but " + remote + " on "
            + host.target() + " has " + expectedSha);
      }
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return sha;
    } catch (IOException e) {
      throw new ClusterException("writing the snapshot to " + target + " failed: " + e, e);
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // the rename already happened, or the failure above says more
      }
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new ClusterException("reading " + file + " failed: " + e, e);
    }
  }

  @Override
  public Operation restore(Path snapshot) {
    Path file = snapshot.toAbsolutePath();
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ClusterException("restore needs a readable snapshot file: '" + snapshot + "'");
    }
    return new EtcdRestore(cluster, spec, file, snapshotDir().resolve("restore.db").toString(),
        "data.before-restore-" + STAMP.format(Instant.now())).operation();
  }

  /** Runs {@code argv} with umask 077, so whatever it creates is the owner's only. */
  private static List<String> privately(List<String> argv) {
    List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "umask 077 && exec \"$@\"", "sh"));
    wrapped.addAll(argv);
    return wrapped;
  }
}
