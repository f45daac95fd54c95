package dev.kubestrap.binaries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * warning and reported as {@link Verification#COMPUTED_ONLY}. Archives are unpacked into the cache directory
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

  /** Pins the sha256 of one release file; it takes precedence over kubestrap's table and any companion file. */
  public DirectorySource pin(String component, String version, Arch arch, String sha256) {
    Catalog.officialUrl(component, version, arch);
    return new DirectorySource(directory, cache, userPins.with(component, version, arch, sha256), manifest);
  }

  @Override
  public ResolvedArtifact resolve(String component, String version, Arch arch) {
    Artifact official = catalog.artifact(component, version, arch, Catalog.officialUrl(component, version, arch));
    Path file = directory.resolve(official.fileName());
    if (!Files.isRegularFile(file)) {
      throw new BinarySourceException(component + " " + official.version() + " " + arch.value()
          + " not found: expected " + file);
    }
    String actual = Sha256.of(file);
    Optional<String> pinnedByCaller = userPins.lookup(component, official.version(), arch);
    Optional<BuildManifest.Entry> built = pinnedByCaller.isPresent() ? Optional.empty()
        : manifest.flatMap(m -> m.program(component, official.version(), arch));
    built.filter(entry -> !entry.file().equals(official.fileName())).ifPresent(entry -> {
      throw new BinarySourceException(manifest.get().file() + " lists " + component + " " + official.version()
          + " as '" + entry.file() + "', expected its release file name '" + official.fileName() + "'");
    });
    Optional<String> published = companionDigest(file);
    Verification verification = pinnedByCaller.isPresent() ? Verification.PINNED
        : built.isPresent() ? Verification.BUILT_FROM_SOURCE
        : official.sha256() != null ? Verification.PINNED
        : published.isPresent() ? Verification.PUBLISHED_DIGEST : Verification.COMPUTED_ONLY;
    Optional<String> expected = pinnedByCaller.or(() -> built.map(BuildManifest.Entry::sha256))
        .or(official::pinnedSha256).or(() -> published);
    if (expected.isPresent() && !expected.get().equals(actual)) {
      throw new ChecksumMismatchException(file.toUri(), expected.get(), actual);
    }
    if (expected.isEmpty()) {
      LOG.warn("{} has no pinned sha256; computed {} (pin it to have it checked)", file, actual);
    }
    Path extractTo = cache.resolve(component).resolve(official.version()).resolve(arch.value())
        .resolve(official.fileName() + ".d");
    Artifact resolved = new Artifact(component, official.version(), arch, file.toUri(), actual);
    return new ResolvedArtifact(resolved, Unpacker.programs(file, actual, Contents.of(component), extractTo),
        verification, Optional.empty());
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
