package dev.kubestrap.cluster.internal;

import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.Artifact;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.DownloadSource;
import dev.kubestrap.binaries.LocalBinary;
import dev.kubestrap.binaries.ResolvedArtifact;
import dev.kubestrap.component.RequiredBinary;
import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.ArtifactSource;
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
 * In dry-run mode nothing is fetched: a bare release binary pinned by kubestrap is planned with its pin, and
 * every other program is reported as unresolved instead of being planned with a made-up digest.
 */
public final class BinaryPlanner {

  /** A program a dry run could not plan without downloading, and why. */
  public record Unresolved(String artifact, String version, String program, String reason) {
    @Override
    public String toString() {
      return artifact + " " + version + " (" + program + "): " + reason;
    }
  }

  private final BinarySource source;
  private final boolean dryRun;
  private final Arch arch;
  private final Map<String, ResolvedArtifact> resolved = new ConcurrentHashMap<>();
  private final Set<Unresolved> unresolved = new LinkedHashSet<>();

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
        .source(ArtifactSource.file(local.path()))
        .build());
  }

  private Optional<Action> dryRunAction(RequiredBinary binary) {
    DownloadSource official = BinarySource.official();
    Artifact artifact = official.artifact(binary.artifact(), binary.version(), arch);
    String file = artifact.fileName();
    boolean archive = file.endsWith(".tar.gz") || file.endsWith(".tgz");
    if (archive) {
      note(binary, "inside " + file + (artifact.pinnedSha256().isPresent() ? " (archive pinned)" : "")
          + "; the program's sha256 is known once the archive is fetched and unpacked");
      return Optional.empty();
    }
    if (artifact.pinnedSha256().isEmpty()) {
      note(binary, "no kubestrap pin; its sha256 is published beside " + artifact.url());
      return Optional.empty();
    }
    return Optional.of(PutBinary.builder()
        .path(binary.target().toString())
        .artifact(binary.artifact())
        .version(binary.version())
        .sha256(artifact.pinnedSha256().get())
        .source(() -> official.resolve(binary.artifact(), binary.version(), arch).binary(binary.entry()).path())
        .build());
  }

  private synchronized void note(RequiredBinary binary, String reason) {
    unresolved.add(new Unresolved(binary.artifact(), binary.version(), binary.entry(), reason));
  }

  /** What a dry run left out of the plan, in the order met. */
  public synchronized List<Unresolved> unresolved() {
    return List.copyOf(new ArrayList<>(unresolved));
  }
}
