package dev.kubestrap.binaries;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where each component is published ({@code download-urls.tsv}) and which pins are known for it: the caller's
 * first, then kubestrap's tables. A component without a pin of its own is taken from a pinned archive that also
 * holds it (the four server programs from the Kubernetes server tarball) when there is one.
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

  Catalog pin(String component, String version, Arch arch, String digest) {
    officialUrl(component, version, arch);
    return new Catalog(userPins.with(component, version, arch, digest));
  }

  Optional<Pin> pin(String component, String version, Arch arch) {
    String plain = Artifact.version(version);
    return userPins.lookup(component, plain, arch).or(() -> Pins.reference().lookup(component, plain, arch));
  }

  /**
   * The file to fetch for {@code component}: its own release file when pinned; else a pinned archive holding
   * it; else its own release file, unpinned.
   */
  Artifact artifact(String component, String version, Arch arch, URIs urls) {
    Optional<Pin> own = pin(component, version, arch);
    if (own.isEmpty() && Contents.BUNDLED_IN.containsKey(component)) {
      String bundle = Contents.BUNDLED_IN.get(component);
      Optional<Pin> bundled = pin(bundle, version, arch);
      if (bundled.isPresent()) {
        return new Artifact(bundle, version, arch, urls.of(officialUrl(bundle, version, arch)), bundled.get());
      }
    }
    return new Artifact(component, version, arch, urls.of(officialUrl(component, version, arch)), own.orElse(null));
  }

  /** Maps an official URL to where it is fetched from (itself, or a mirror's copy). */
  @FunctionalInterface
  interface URIs {
    URI of(URI official);
  }

  private static Map<String, String> loadTemplates() {
    Map<String, String> templates = new LinkedHashMap<>();
    for (String[] row : ReferenceTable.rows("download-urls.tsv", 2)) {
      templates.put(row[0], row[1]);
    }
    return templates;
  }
}
