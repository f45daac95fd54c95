package dev.kubestrap.reference;

import java.util.List;

/** Maps a supported Kubernetes minor version to the directory of its bundled lists. */
final class KubernetesMinor {

  static final List<String> SUPPORTED = List.of("1.34", "1.35", "1.36");

  private KubernetesMinor() {}

  /** 1.34 has its own lists; 1.35 and 1.36 share the 1.35 lists (no removal between them is known). */
  static String listDirectory(String minor) {
    return switch (minor) {
      case "1.34" -> "v1.34/";
      case "1.35", "1.36" -> "";
      default -> throw new ReferenceDataException(
          "no reference lists for Kubernetes minor version: " + minor + " (supported: " + String.join(", ", SUPPORTED) + ")");
    };
  }
}
