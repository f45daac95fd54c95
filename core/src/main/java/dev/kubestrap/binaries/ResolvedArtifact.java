package dev.kubestrap.binaries;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link BinarySource#resolve}: the artifact with its actual sha256, the programs it
 * yields as local files (an archive is unpacked), and how it was verified. For
 * {@link BinarySource#onHost(Path)} there are no local files: {@link #installedOnHost()} names the
 * directory on the target that already holds the programs.
 */
public record ResolvedArtifact(Artifact artifact, List<LocalBinary> binaries, Verification verification,
    Optional<Path> installedOnHost) {
  public ResolvedArtifact {
    binaries = List.copyOf(binaries);
  }

  /** The local program called {@code name}. */
  public LocalBinary binary(String name) {
    return binaries.stream().filter(b -> b.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(artifact.component() + " " + artifact.version()
            + " has no program '" + name + "'; it has " + binaries.stream().map(LocalBinary::name).toList()));
  }

  /** True when the programs are already on the target and nothing needs to be sent. */
  public boolean onHost() {
    return installedOnHost.isPresent();
  }
}
