package dev.kubestrap.binaries;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where each component is published ({@code download-urls.tsv}) and which digests are known for it:
 * the caller's pins first, then kubestrap's table.
 */
final class Catalog {
  private static final Map<String, String> TEMPLATES = loadTemplates();

  private final Pins userPins;

  Catalog(Pins userPins) {
    this.userPins = userPins;
  }

  static Set<String> components() {
    return TEMPLATES.keySet();
  }

  /** The official URL of a component's release file. */
  static URI officialUrl(String component, String version, Arch arch) {
    String template = TEMPLATES.get(component);
    if (template == null) {
      throw new IllegalArgumentException("component must be one of " + TEMPLATES.keySet() + ": '" + component + "'");
    }
    return URI.create(template.replace("{version}", Artifact.version(version)).replace("{arch}", arch.value()));
  }

  /**
   * The same file under a mirror that copies upstream hosts as top-level directories:
   * {@code https://dl.k8s.io/release/...} becomes {@code <base>/dl.k8s.io/release/...}.
   */
  static URI mirrored(URI base, URI official) {
    String prefix = base.toString().endsWith("/") ? base.toString() : base + "/";
    return URI.create(prefix + official.getHost() + official.getRawPath());
  }

  Catalog pin(String component, String version, Arch arch, String sha256) {
    officialUrl(component, version, arch);
    return new Catalog(userPins.with(component, version, arch, sha256));
  }

  Optional<String> expectedSha256(String component, String version, Arch arch) {
    String plain = Artifact.version(version);
    return userPins.lookup(component, plain, arch).or(() -> Pins.reference().lookup(component, plain, arch));
  }

  Artifact artifact(String component, String version, Arch arch, URI url) {
    return new Artifact(component, version, arch, url, expectedSha256(component, version, arch).orElse(null));
  }

  private static Map<String, String> loadTemplates() {
    Map<String, String> templates = new LinkedHashMap<>();
    for (String[] row : ReferenceTable.rows("download-urls.tsv", 2)) {
      templates.put(row[0], row[1]);
    }
    return templates;
  }
}
