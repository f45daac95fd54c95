package dev.kubestrap.cluster.internal;

import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.Artifact;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.DownloadSource;
import dev.kubestrap.binaries.LocalBinary;
import dev.kubestrap.binaries.Pin;
import dev.kubestrap.binaries.ResolvedArtifact;
import dev.kubestrap.cluster.UnresolvedBinary;
import dev.kubestrap.component.RequiredBinary;
import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.ArchiveMember;
import dev.kubestrap.plan.ArtifactSource;
import dev.kubestrap.plan.BinaryOrigin;
import dev.kubestrap.plan.PutBinary;
import dev.kubestrap.plan.RunCommand;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the binaries a component needs into plan actions: a {@link PutBinary} with the program's sha256 and its
 * local file, or, for a source whose programs are already on the hosts, a link from the layout's path to them.
 * Records for each program where it comes from and what vouches for it ({@link #origins()}). In dry-run mode
 * nothing is fetched: a bare release binary pinned by sha256 is planned with its pin, and every other program
 * (an archive member, or an unpinned file) is reported as unresolved instead of being planned with a made-up
 * digest; the pins come from the cluster's download source, or the official one for other sources.
 */
public final class BinaryPlanner {

  private final BinarySource source;
  private final boolean dryRun;
  private final Arch arch;
  private final Map<String, ResolvedArtifact> resolved = new ConcurrentHashMap<>();
  private final Set<UnresolvedBinary> unresolved = new LinkedHashSet<>();
  private final Set<BinaryOrigin> origins = new LinkedHashSet<>();

  public BinaryPlanner(BinarySource source, boolean dryRun, Arch arch) {
    this.source = source;
    this.dryRun = dryRun;
    this.arch = arch;
  }

  /** The actions that place {@code binary}; empty when a dry run cannot know its digest. */
  public List<Action> actions(RequiredBinary binary) {
    if (dryRun) {
      return dryRunAction(binary).map(List::of).orElse(List.of());
    }
    ResolvedArtifact artifact = resolved.computeIfAbsent(binary.artifact() + " " + binary.version(),
        k -> source.resolve(binary.artifact(), binary.version(), arch));
    record(binary, artifact);
    if (artifact.onHost()) {
      String installed = artifact.installedOnHost().orElseThrow().resolve(binary.entry()).toString();
      String target = binary.target().toString();
      return List.of(RunCommand.builder("link " + target + " to the installed " + installed)
          .command("ln", "-sfn", installed, target)
          .unless("test", target, "-ef", installed)
          .build());
    }
    LocalBinary local = artifact.binary(binary.entry());
    return List.of(PutBinary.builder()
        .path(binary.target().toString())
        .artifact(binary.artifact())
        .version(binary.version())
        .sha256(local.sha256())
        .source(source(artifact.artifact(), local))
        .build());
  }

  /**
   * The local file and, when the source downloads (officially or from a mirror) over http(s), where a host can get
   * the program itself: the release file's URL when that file is the program, or the archive's URL and the member
   * when the program was unpacked from it.
   */
  private ArtifactSource source(Artifact artifact, LocalBinary local) {
    String scheme = artifact.url().getScheme();
    if (!(source instanceof DownloadSource) || !("http".equals(scheme) || "https".equals(scheme))) {
      return ArtifactSource.file(local.path());
    }
    if (local.packedIn().isPresent()) {
      LocalBinary.Packed packed = local.packedIn().get();
      try {
        return ArtifactSource.unpacked(local.path(),
            new ArchiveMember(artifact.url(), packed.archiveSha256(), packed.member()));
      } catch (IllegalArgumentException unsafe) {
        // a member name no host should be given (say, one with '..'): this machine unpacked it safely and sends it
        return ArtifactSource.file(local.path());
      }
    }
    String file = artifact.fileName();
    boolean archive = file.endsWith(".tar.gz") || file.endsWith(".tgz");
    return ArtifactSource.file(local.path(), archive ? null : artifact.url());
  }

  private Optional<Action> dryRunAction(RequiredBinary binary) {
    DownloadSource pins = source instanceof DownloadSource download ? download : BinarySource.official();
    Artifact artifact = pins.artifact(binary.artifact(), binary.version(), arch);
    String file = artifact.fileName();
    Optional<Pin> pin = artifact.pinned();
    String vouchedBy = pin.map(Pin::source).orElse(pins.acceptsUnpinned()
        ? "downloaded unchecked (allowUnpinned)"
        : "nothing pins this version; apply refuses it unless it is pinned or allowUnpinned() is set");
    if (pin.isEmpty()) {
      unresolved(binary, artifact, vouchedBy, "no pin for " + file + "; its digest is known only after an unchecked "
          + "download");
      return Optional.empty();
    }
    if (!pin.get().isSha256() || file.endsWith(".tar.gz") || file.endsWith(".tgz")) {
      unresolved(binary, artifact, vouchedBy, "inside " + file + " (archive pinned); the program's sha256 is known "
          + "once the archive is fetched and unpacked");
      return Optional.empty();
    }
    origin(binary, artifact, vouchedBy, "sha256:" + pin.get().hex());
    return Optional.of(PutBinary.builder()
        .path(binary.target().toString())
        .artifact(binary.artifact())
        .version(binary.version())
        .sha256(pin.get().hex())
        .source(() -> pins.resolve(binary.artifact(), binary.version(), arch).binary(binary.entry()).path())
        .build());
  }

  private void record(RequiredBinary binary, ResolvedArtifact resolved) {
    Artifact artifact = resolved.artifact();
    String vouchedBy = switch (resolved.verification()) {
      case PINNED, BUILT_FROM_SOURCE -> artifact.pin().source();
      case PUBLISHED_DIGEST -> artifact.pin().source() + " beside it in the local directory";
      case COMPUTED_ONLY -> "sha256 " + resolved.binary(binary.entry()).sha256() + " computed, not checked";
      case ON_HOST -> "already installed on the hosts in " + resolved.installedOnHost().orElseThrow();
    };
    String check = resolved.onHost() ? "on the host: the link must point at the installed program"
        : "sha256:" + resolved.binary(binary.entry()).sha256();
    origin(binary, artifact, vouchedBy, check);
  }

  private synchronized void origin(RequiredBinary binary, Artifact artifact, String vouchedBy, String check) {
    String digest = artifact.pinned().map(Pin::digest).orElse(null);
    origins.add(new BinaryOrigin(binary.entry(), binary.version(), artifact.fileName(), digest, vouchedBy,
        binary.target().toString(), check));
  }

  private synchronized void unresolved(RequiredBinary binary, Artifact artifact, String vouchedBy, String reason) {
    origin(binary, artifact, vouchedBy, "after download: " + reason);
    unresolved.add(new UnresolvedBinary(binary.artifact(), binary.version(), binary.entry(), binary.target().toString(),
        reason));
  }

  /** What a dry run left out of the plan, in the order met. */
  public synchronized List<UnresolvedBinary> unresolved() {
    return List.copyOf(new ArrayList<>(unresolved));
  }

  /** Where each program planned so far comes from, in the order met. */
  public synchronized List<BinaryOrigin> origins() {
    return List.copyOf(new ArrayList<>(origins));
  }
}
