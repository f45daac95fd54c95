package dev.kubestrap.binaries;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pinned digests by (component, version, arch): kubestrap's tables ({@code checksums.tsv}, kubespray's sha256 pins;
 * {@code kubernetes-release-sha512.tsv}, the release notes' sha512 of the server and node tarballs), or the
 * caller's own pins.
 */
final class Pins {
  private record Key(String component, String version, Arch arch) {}

  static final String KUBESPRAY = "kubespray checksums.yml";
  static final String RELEASE_NOTES = "Kubernetes release notes CHANGELOG-";

  private static final Pins REFERENCE = loadReference();

  private final Map<Key, Pin> pins;

  private Pins(Map<Key, Pin> pins) {
    this.pins = Map.copyOf(pins);
  }

  /** The pins shipped with kubestrap; see the provenance headers of their tables. */
  static Pins reference() {
    return REFERENCE;
  }

  static Pins none() {
    return new Pins(Map.of());
  }

  /** These pins plus the caller's {@code digest} ({@code sha256:…}, {@code sha512:…} or bare hex). */
  Pins with(String component, String version, Arch arch, String digest) {
    Map<Key, Pin> copy = new HashMap<>(pins);
    copy.put(new Key(component, Artifact.version(version), arch), Pin.parse(digest, Pin.CALLER));
    return new Pins(copy);
  }

  Optional<Pin> lookup(String component, String version, Arch arch) {
    return Optional.ofNullable(pins.get(new Key(component, version, arch)));
  }

  private static Pins loadReference() {
    Map<Key, Pin> pins = new HashMap<>();
    for (String[] row : ReferenceTable.rows("checksums.tsv", 4)) {
      pins.put(new Key(row[0], row[1], Arch.of(row[2])), new Pin("sha256", row[3], KUBESPRAY));
    }
    for (String[] row : ReferenceTable.rows("kubernetes-release-sha512.tsv", 4)) {
      String minor = row[1].substring(0, row[1].lastIndexOf('.'));
      pins.put(new Key(row[0], row[1], Arch.of(row[2])), new Pin("sha512", row[3], RELEASE_NOTES + minor + ".md"));
    }
    return new Pins(pins);
  }
}
