package dev.kubestrap.binaries;

import dev.kubestrap.io.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads release files from their official URLs ({@code download-urls.tsv}) or from a
 * {@linkplain #mirroredAt(URI) mirror}, once, into a cache directory, and never hands out a file
 * whose sha256 was not checked.
 *
 * <p>The expected digest is, in this order: one given with {@link #pin}; the one kubestrap pins in
 * {@code checksums.tsv} (kubespray's pins: kubelet, kubectl, kubeadm, etcd, containerd, runc, CNI
 * plugins, crictl); otherwise the {@code .sha256} file published beside the file (how dl.k8s.io
 * publishes kube-apiserver, kube-controller-manager, kube-scheduler and kube-proxy), fetched from the
 * same place and kept in the cache with the file.
 *
 * <p>A download goes to a temporary file in the cache, is verified, then renamed into place; on a
 * mismatch it is deleted and {@link ChecksumMismatchException} names the URL and both digests. A
 * cached file is re-hashed on every resolve; one that no longer matches is fetched again.
 *
 * <p>Defaults: cache {@code ~/.cache/kubestrap/binaries} (layout
 * {@code <component>/<version>/<arch>/<file>}), no listener, connect timeout 30 s, request timeout
 * 30 minutes. Instances are immutable; each setter returns a changed copy.
 */
public final class DownloadSource implements BinarySource {
  private static final Logger LOG = LoggerFactory.getLogger(DownloadSource.class);
  private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private final URI mirror;
  private final Path cache;
  private final Catalog catalog;
  private final DownloadListener listener;
  private final Duration connectTimeout;
  private final Duration requestTimeout;

  private DownloadSource(URI mirror, Path cache, Catalog catalog, DownloadListener listener,
      Duration connectTimeout, Duration requestTimeout) {
    this.mirror = mirror;
    this.cache = cache;
    this.catalog = catalog;
    this.listener = listener;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
  }

  static DownloadSource official() {
    return new DownloadSource(null, defaultCache(), new Catalog(Pins.none()), DownloadListener.NONE,
        Duration.ofSeconds(30), Duration.ofMinutes(30));
  }

  /** {@code ~/.cache/kubestrap/binaries}. */
  static Path defaultCache() {
    return Path.of(System.getProperty("user.home"), ".cache", "kubestrap", "binaries");
  }

  /** The same files under {@code base}; see {@link BinarySource#mirror(URI)}. */
  public DownloadSource mirroredAt(URI base) {
    Objects.requireNonNull(base, "base");
    if (!base.isAbsolute() || base.getHost() == null) {
      throw new IllegalArgumentException("mirror must be an absolute http(s) URL with a host: '" + base + "'");
    }
    return new DownloadSource(base, cache, catalog, listener, connectTimeout, requestTimeout);
  }

  /** The cache directory; default {@code ~/.cache/kubestrap/binaries}. */
  public DownloadSource cacheIn(Path directory) {
    return new DownloadSource(mirror, directory.toAbsolutePath(), catalog, listener, connectTimeout, requestTimeout);
  }

  /** Pins the sha256 of one release file; it takes precedence over kubestrap's table and published digests. */
  public DownloadSource pin(String component, String version, Arch arch, String sha256) {
    return new DownloadSource(mirror, cache, catalog.pin(component, version, arch, sha256), listener,
        connectTimeout, requestTimeout);
  }

  /** Receives download progress; default none. */
  public DownloadSource listener(DownloadListener listener) {
    return new DownloadSource(mirror, cache, catalog, Objects.requireNonNull(listener, "listener"),
        connectTimeout, requestTimeout);
  }

  /** Connect timeout (default 30 s) and whole-request timeout (default 30 minutes). */
  public DownloadSource timeouts(Duration connect, Duration request) {
    if (connect.isNegative() || connect.isZero() || request.isNegative() || request.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive: " + connect + ", " + request);
    }
    return new DownloadSource(mirror, cache, catalog, listener, connect, request);
  }

  public Path cacheDirectory() {
    return cache;
  }

  /** The file this source would fetch, with its pinned sha256 if known; nothing is contacted. */
  public Artifact artifact(String component, String version, Arch arch) {
    URI official = Catalog.officialUrl(component, version, arch);
    return catalog.artifact(component, version, arch, mirror == null ? official : Catalog.mirrored(mirror, official));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Resolves of the same file in this JVM (hosts applied in parallel) wait for each other, so a
   * file is downloaded once; other processes sharing the cache are safe through atomic renames.
   */
  @Override
  public ResolvedArtifact resolve(String component, String version, Arch arch) {
    Artifact artifact = artifact(component, version, arch);
    Path directory = cache.resolve(component).resolve(artifact.version()).resolve(arch.value());
    Path file = directory.resolve(artifact.fileName());
    synchronized (LOCKS.computeIfAbsent(file, f -> new Object())) {
      return resolveLocked(artifact, directory, file);
    }
  }

  private ResolvedArtifact resolveLocked(Artifact artifact, Path directory, Path file) {
    String component = artifact.component();
    Arch arch = artifact.arch();
    Path publishedDigest = directory.resolve(artifact.fileName() + ".sha256");
    Downloader downloader = new Downloader(connectTimeout, requestTimeout, listener);

    Verification verification = artifact.sha256() != null ? Verification.PINNED : Verification.PUBLISHED_DIGEST;
    Optional<String> cachedDigest = cachedDigest(publishedDigest);
    String expected = artifact.pinnedSha256()
        .or(() -> cachedDigest)
        .orElseGet(() -> publishedDigest(downloader, artifact));

    if (!isCachedAndValid(file, expected)) {
      fetch(downloader, artifact, directory, file, expected);
    }
    if (verification == Verification.PUBLISHED_DIGEST && !cachedDigest.equals(Optional.of(expected))) {
      writeSmallFile(publishedDigest, expected + "  " + artifact.fileName() + "\n");
    }
    Artifact verified = new Artifact(component, artifact.version(), arch, artifact.url(), expected);
    Path extractTo = directory.resolve(artifact.fileName() + ".d");
    return new ResolvedArtifact(verified, Unpacker.programs(file, expected, Contents.of(component), extractTo),
        verification, Optional.empty());
  }

  private static String publishedDigest(Downloader downloader, Artifact artifact) {
    URI url = URI.create(artifact.url() + ".sha256");
    try {
      return Sha256.parsePublished(downloader.text(url), url);
    } catch (BinarySourceException e) {
      throw new BinarySourceException(artifact.component() + " " + artifact.version() + " " + artifact.arch().value()
          + " has no pinned sha256 and its published digest is unavailable (" + e.getMessage()
          + "); pin one with pin(\"" + artifact.component() + "\", \"" + artifact.version() + "\", Arch."
          + artifact.arch() + ", sha256)", e);
    }
  }

  private static Optional<String> cachedDigest(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Sha256.parsePublished(Files.readString(file, StandardCharsets.UTF_8), file));
    } catch (IOException | BinarySourceException e) {
      return Optional.empty();
    }
  }

  private static boolean isCachedAndValid(Path file, String expected) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    String actual = Sha256.of(file);
    if (actual.equals(expected)) {
      return true;
    }
    LOG.warn("cached {} has sha256 {}, expected {}: fetching it again", file, actual, expected);
    deleteQuietly(file);
    return false;
  }

  private static void fetch(Downloader downloader, Artifact artifact, Path directory, Path file, String expected) {
    Path temp = null;
    try {
      Files.createDirectories(directory);
      temp = Files.createTempFile(directory, "." + artifact.fileName(), ".part");
      String actual = downloader.download(artifact.url(), temp);
      if (!actual.equals(expected)) {
        throw new ChecksumMismatchException(artifact.url(), expected, actual);
      }
      moveIntoPlace(temp, file);
      temp = null;
    } catch (IOException e) {
      throw new BinarySourceException("cannot store " + artifact.url() + " in " + directory + ": " + e, e);
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
  }

  static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void writeSmallFile(Path file, String content) {
    try {
      AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8), AtomicFiles.PUBLIC);
    } catch (IOException e) {
      throw new BinarySourceException("cannot write " + file + ": " + e, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", file, e.toString());
    }
  }

  @Override
  public String toString() {
    return "DownloadSource[" + (mirror == null ? "official" : "mirror " + mirror) + ", cache " + cache + "]";
  }
}
