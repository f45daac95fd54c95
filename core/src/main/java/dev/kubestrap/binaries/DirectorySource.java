package dev.kubestrap.binaries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Release files already on this machine, e.g. an air-gapped bundle: the directory holds each file
 * under its published name ({@code kubelet}, {@code etcd-v3.6.14-linux-amd64.tar.gz},
 * {@code runc.amd64}), optionally with a {@code <file>.sha256} beside it.
 *
 * <p>A file is checked against the digest given with {@link #pin}; else, when the directory holds a
 * {@link BuildManifest} (programs built from their Go modules by kubestrap's {@code programs/build.sh}),
 * the digest it records, reported as {@link Verification#BUILT_FROM_SOURCE}; else kubestrap's pinned
 * one, else its {@code .sha256} companion. With none of those its sha256 is computed, logged as a
 * warning and reported as {@link Verification#COMPUTED_ONLY}. A server program (kube-apiserver, ...) missing
 * from the directory is taken from the official server tarball ({@code kubernetes-server-linux-<arch>.tar.gz})
 * when the directory holds that instead. Archives are unpacked into the cache directory
 * (default {@code ~/.cache/kubestrap/binaries}); the bundle itself is never written to.
 */
public final class DirectorySource implements BinarySource {
  private static final Logger LOG = LoggerFactory.getLogger(DirectorySource.class);

  private final Path directory;
  private final Path cache;
  private final Catalog catalog;
  private final Pins userPins;
  private final Optional<BuildManifest> manifest;

  private DirectorySource(Path directory, Path cache, Pins userPins, Optional<BuildManifest> manifest) {
    this.directory = directory;
    this.cache = cache;
    this.userPins = userPins;
    this.catalog = new Catalog(userPins);
    this.manifest = manifest;
  }

  static DirectorySource of(Path directory) {
    Path absolute = directory.toAbsolutePath();
    return new DirectorySource(absolute, DownloadSource.defaultCache(), Pins.none(), BuildManifest.in(absolute));
  }

  /** The build manifest of this directory, when it holds programs built from source. */
  public Optional<BuildManifest> manifest() {
    return manifest;
  }

  /** Where archives are unpacked; default {@code ~/.cache/kubestrap/binaries}. */
  public DirectorySource cacheIn(Path cacheDirectory) {
    return new DirectorySource(directory, cacheDirectory.toAbsolutePath(), userPins, manifest);
  }

  /**
   * Pins the digest of one release file ({@code sha256:<hex>}, {@code sha512:<hex>} or bare hex); it takes
   * precedence over a build manifest, kubestrap's tables and any companion file.
   */
  public DirectorySource pin(String component, String version, Arch arch, String digest) {
    Catalog.officialUrl(component, version, arch);
    return new DirectorySource(directory, cache, userPins.with(component, version, arch, digest), manifest);
  }

  /**
   * Refuses, before any host is contacted, a directory that cannot serve a cluster: one that does not exist, a
   * file, or one without the kubelet of {@code kubernetesVersion} under its release file name (every host runs it,
   * and no release archive the directory could hold instead carries it).
   */
  @Override
  public void checkUsable(String kubernetesVersion, Arch arch) {
    if (!Files.exists(directory)) {
      throw new BinarySourceException("binaries: directory " + directory + " does not exist");
    }
    if (!Files.isDirectory(directory)) {
      throw new BinarySourceException("binaries: directory " + directory + " is not a directory");
    }
    Path kubelet = fileOf("kubelet", kubernetesVersion, arch);
    if (!Files.isRegularFile(kubelet)) {
      throw new BinarySourceException("binaries: directory " + directory + " has no kubelet "
          + Artifact.version(kubernetesVersion) + " " + arch.value() + " (expected " + kubelet + "): name the directory"
          + " programs/build.sh --dir prints (with its " + BuildManifest.FILE_NAME + ") or a directory of release files");
    }
  }

  @Override
  public ResolvedArtifact resolve(String component, String version, Arch arch) {
    String bundle = Contents.BUNDLED_IN.get(component);
    if (bundle != null && !Files.isRegularFile(fileOf(component, version, arch))
        && Files.isRegularFile(fileOf(bundle, version, arch))) {
      ResolvedArtifact server = resolve(bundle, version, arch);
      return new ResolvedArtifact(server.artifact(), List.of(server.binary(component)), server.verification(),
          Optional.empty());
    }
    String plain = Artifact.version(version);
    Path file = fileOf(component, version, arch);
    String fileName = file.getFileName().toString();
    if (!Files.isRegularFile(file)) {
      throw new BinarySourceException(component + " " + plain + " " + arch.value() + " not found: expected " + file);
    }
    Sha256.FileDigests actual = Sha256.FileDigests.of(file);
    Optional<Pin> pinnedByCaller = userPins.lookup(component, plain, arch);
    Optional<BuildManifest.Entry> built = pinnedByCaller.isPresent() ? Optional.empty()
        : manifest.flatMap(m -> m.program(component, plain, arch));
    built.filter(entry -> !entry.file().equals(fileName)).ifPresent(entry -> {
      throw new BinarySourceException(manifest.get().file() + " lists " + component + " " + plain
          + " as '" + entry.file() + "', expected its release file name '" + fileName + "'");
    });
    Optional<Pin> tablePin = catalog.pin(component, plain, arch);
    Optional<Pin> published = companionDigest(file).map(hex -> new Pin("sha256", hex, fileName + ".sha256"));
    Verification verification = pinnedByCaller.isPresent() ? Verification.PINNED
        : built.isPresent() ? Verification.BUILT_FROM_SOURCE
        : tablePin.isPresent() ? Verification.PINNED
        : published.isPresent() ? Verification.PUBLISHED_DIGEST : Verification.COMPUTED_ONLY;
    Optional<Pin> expected = pinnedByCaller
        .or(() -> built.map(e -> new Pin("sha256", e.sha256(), BuildManifest.FILE_NAME + " (built from source)")))
        .or(() -> tablePin).or(() -> published);
    if (expected.isPresent() && !actual.matches(expected.get())) {
      throw new ChecksumMismatchException(file.toUri(), expected.get().algorithm(), expected.get().hex(),
          actual.in(expected.get()));
    }
    if (expected.isEmpty()) {
      LOG.warn("{} has no pinned sha256; computed {} (pin it to have it checked)", file, actual.sha256());
    }
    Path extractTo = cache.resolve(component).resolve(plain).resolve(arch.value()).resolve(file.getFileName() + ".d");
    Artifact resolved = new Artifact(component, plain, arch, file.toUri(), expected.orElse(null));
    return new ResolvedArtifact(resolved, Unpacker.programs(file, actual.sha256(), Contents.of(component), extractTo),
        verification, Optional.empty());
  }

  private Path fileOf(String component, String version, Arch arch) {
    String url = Catalog.officialUrl(component, version, arch).getPath();
    return directory.resolve(url.substring(url.lastIndexOf('/') + 1));
  }

  private static Optional<String> companionDigest(Path file) {
    Path companion = file.resolveSibling(file.getFileName() + ".sha256");
    if (!Files.isRegularFile(companion)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Sha256.parsePublished(Files.readString(companion, StandardCharsets.UTF_8), companion));
    } catch (IOException e) {
      throw new BinarySourceException("cannot read " + companion + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "DirectorySource[" + directory + "]";
  }
}
