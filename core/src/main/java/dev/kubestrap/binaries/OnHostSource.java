package dev.kubestrap.binaries;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Programs already installed on every target host in one directory (e.g. {@code /usr/local/bin}):
 * nothing is fetched or sent, and the result carries that directory instead of local files.
 */
public final class OnHostSource implements BinarySource {
  private final Path directory;

  OnHostSource(Path directory) {
    if (directory == null || !directory.isAbsolute()) {
      throw new IllegalArgumentException("onHost directory must be an absolute path: '" + directory + "'");
    }
    this.directory = directory;
  }

  @Override
  public ResolvedArtifact resolve(String component, String version, Arch arch) {
    Contents.of(component);
    Artifact artifact = new Artifact(component, version, arch, Catalog.officialUrl(component, version, arch), null);
    return new ResolvedArtifact(artifact, List.of(), Verification.ON_HOST, Optional.of(directory));
  }

  public Path directory() {
    return directory;
  }

  @Override
  public String toString() {
    return "OnHostSource[" + directory + "]";
  }
}
