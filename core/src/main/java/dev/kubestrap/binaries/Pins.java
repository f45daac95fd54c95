package dev.kubestrap.binaries;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** sha256 digests by (component, version, arch): kubestrap's table, then the caller's own pins on top. */
final class Pins {
  private record Key(String component, String version, Arch arch) {}

  private static final Pins REFERENCE = loadReference();

  private final Map<Key, String> digests;

  private Pins(Map<Key, String> digests) {
    this.digests = Map.copyOf(digests);
  }

  /** The digests pinned in {@code checksums.tsv} (copied from kubespray, see its header). */
  static Pins reference() {
    return REFERENCE;
  }

  static Pins none() {
    return new Pins(Map.of());
  }

  Pins with(String component, String version, Arch arch, String sha256) {
    Map<Key, String> copy = new HashMap<>(digests);
    copy.put(new Key(component, Artifact.version(version), arch), Artifact.sha256(sha256));
    return new Pins(copy);
  }

  Optional<String> lookup(String component, String version, Arch arch) {
    return Optional.ofNullable(digests.get(new Key(component, version, arch)));
  }

  private static Pins loadReference() {
    Map<Key, String> digests = new HashMap<>();
    for (String[] row : ReferenceTable.rows("checksums.tsv", 4)) {
      digests.put(new Key(row[0], row[1], Arch.of(row[2])), Artifact.sha256(row[3]));
    }
    return new Pins(digests);
  }
}
