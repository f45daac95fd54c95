package dev.kubestrap.e2e;

import dev.kubestrap.binaries.Arch;
import dev.kubestrap.binaries.BinarySource;
import dev.kubestrap.binaries.ResolvedArtifact;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A binary source that resolves each artifact once per JVM: the fault tests build many cluster objects over the same
 * programs, and each resolution hashes hundreds of megabytes again.
 */
final class ResolvedOnce implements BinarySource {
  private final BinarySource source;
  private final Map<String, ResolvedArtifact> resolved = new ConcurrentHashMap<>();

  ResolvedOnce(BinarySource source) {
    this.source = source;
  }

  @Override
  public ResolvedArtifact resolve(String component, String version, Arch arch) {
    return resolved.computeIfAbsent(component + " " + version + " " + arch, key -> source.resolve(component, version,
        arch));
  }
}
