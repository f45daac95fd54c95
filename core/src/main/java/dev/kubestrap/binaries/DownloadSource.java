package dev.kubestrap.binaries;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import dev.kubestrap.proxy.HttpProxy;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads release files from their official URLs ({@code download-urls.tsv}) or from a
 * {@linkplain #mirroredAt(URI) mirror}, once, into a cache directory, and never hands out a file that does not
 * match its pin.
 *
 * <p>The pin of a file is, in this order: one given with {@link #pin}; kubespray's sha256 in
 * {@code checksums.tsv} (kubelet, kubectl, kubeadm, etcd, containerd, runc, CNI plugins, crictl); the release
 * notes' sha512 in {@code kubernetes-release-sha512.tsv} (the Kubernetes server and node tarballs). kube-apiserver,
 * kube-controller-manager, kube-scheduler and kube-proxy are taken from the pinned server tarball
 * ({@code kubernetes-server-linux-<arch>.tar.gz}, member {@code kubernetes/server/bin/<name>}), downloaded and
 * unpacked once for all four, unless their bare binary is pinned with {@link #pin}. A digest served beside a file
 * is never used: whoever serves the file could serve the digest too. A file without a pin is refused with
 * {@link UnpinnedArtifactException}, unless {@link #allowUnpinned()} accepts it unchecked.
 *
 * <p>A download goes to a temporary file in the cache, is verified, then renamed into place; on a mismatch it is
 * deleted and {@link ChecksumMismatchException} names the URL and both digests. A cached file is hashed again on
 * every resolve; one that no longer matches is fetched again.
 *
 * <p>Defaults: cache {@code ~/.cache/kubestrap/binaries} (layout {@code <component>/<version>/<arch>/<file>}), no
 * listener, connect timeout 30 s, request timeout 30 minutes, unpinned files refused, plain-http mirrors refused.
 * Instances are immutable; each setter returns a changed copy.
 */
public final class DownloadSource implements BinarySource {
  private static final Logger LOG = LoggerFactory.getLogger(DownloadSource.class);
  private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  /** Everything a source is configured with. */
  private record Options(URI mirror, Path cache, Catalog catalog, DownloadListener listener, Duration connectTimeout,
      Duration requestTimeout, boolean allowUnpinned, boolean allowPlainHttp, Optional<HttpProxy> proxy) {
    Options with(URI mirror, Path cache, Catalog catalog, DownloadListener listener) {
      return new Options(mirror, cache, catalog, listener, connectTimeout, requestTimeout, allowUnpinned,
          allowPlainHttp, proxy);
    }

    Options with(Duration connect, Duration request, boolean unpinned, boolean plainHttp) {
      return new Options(mirror, cache, catalog, listener, connect, request, unpinned, plainHttp, proxy);
    }

    Options with(HttpProxy proxy) {
      return new Options(mirror, cache, catalog, listener, connectTimeout, requestTimeout, allowUnpinned,
          allowPlainHttp, Optional.of(proxy));
    }
  }

  private final Options options;

  private DownloadSource(Options options) {
    this.options = options;
  }

  static DownloadSource official() {
    return new DownloadSource(new Options(null, defaultCache(), new Catalog(Pins.none()), DownloadListener.NONE,
        Duration.ofSeconds(30), Duration.ofMinutes(30), false, false, Optional.empty()));
  }

  /** {@code ~/.cache/kubestrap/binaries}. */
  static Path defaultCache() {
    return Path.of(System.getProperty("user.home"), ".cache", "kubestrap", "binaries");
  }

  private DownloadSource with(URI mirror, Path cache, Catalog catalog, DownloadListener listener) {
    return new DownloadSource(options.with(mirror, cache, catalog, listener));
  }

  /**
   * The same files under {@code base}; see {@link BinarySource#mirror(URI)}. {@code base} is an {@code https} URL,
   * or a {@code file:} URL of a local copy; a plain {@code http} URL only after {@link #allowPlainHttp()}.
   *
   * @throws BinarySourceException for any other URL, naming it
   */
  public DownloadSource mirroredAt(URI base) {
    Objects.requireNonNull(base, "base");
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "https", "http" -> {
        if (base.getHost() == null) {
          throw new BinarySourceException("mirror URL has no host: '" + base + "'");
        }
        if (scheme.equals("http") && !options.allowPlainHttp()) {
          throw new BinarySourceException("mirror uses plain http: '" + base + "' (anyone on the way could swap the "
              + "files, and only the pins would stop them); use https, or accept it with "
              + "BinarySource.official().allowPlainHttp().mirroredAt(...)");
        }
      }
      case "file" -> {
        if (base.getAuthority() != null || base.getPath() == null || !base.getPath().startsWith("/")) {
          throw new BinarySourceException("file mirror must name a local directory as file:///path: '" + base + "'");
        }
      }
      default -> throw new BinarySourceException(
          "mirror must be an https URL, or file:///path for a local copy: '" + base + "'");
    }
    return with(base, options.cache(), options.catalog(), options.listener());
  }

  /** The cache directory; default {@code ~/.cache/kubestrap/binaries}. */
  public DownloadSource cacheIn(Path directory) {
    return with(options.mirror(), directory.toAbsolutePath(), options.catalog(), options.listener());
  }

  /**
   * Pins the digest of one release file ({@code sha256:<hex>}, {@code sha512:<hex>}, or bare hex); it takes
   * precedence over kubestrap's tables. Pin {@code kubernetes-server} with the release notes' sha512 of the server
   * tarball to take the server programs of a version kubestrap has no pin for, or pin one program's bare binary
   * (e.g. {@code kube-apiserver}) to download that binary instead.
   */
  public DownloadSource pin(String component, String version, Arch arch, String digest) {
    return with(options.mirror(), options.cache(), options.catalog().pin(component, version, arch, digest),
        options.listener());
  }

  /** Receives download progress; default none. */
  public DownloadSource listener(DownloadListener listener) {
    return with(options.mirror(), options.cache(), options.catalog(), Objects.requireNonNull(listener, "listener"));
  }

  /** Connect timeout (default 30 s) and whole-request timeout (default 30 minutes). */
  public DownloadSource timeouts(Duration connect, Duration request) {
    if (connect.isNegative() || connect.isZero() || request.isNegative() || request.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive: " + connect + ", " + request);
    }
    return new DownloadSource(options.with(connect, request, options.allowUnpinned(), options.allowPlainHttp()));
  }

  /**
   * Accepts files that nothing pins (a version newer than kubestrap's tables), downloaded unchecked: their sha256
   * is computed, logged as a warning and reported as {@link Verification#COMPUTED_ONLY}, and a cluster's plan lists
   * them under its warnings. Default: refused. Prefer {@link #pin}.
   */
  public DownloadSource allowUnpinned() {
    return new DownloadSource(options.with(options.connectTimeout(), options.requestTimeout(), true,
        options.allowPlainHttp()));
  }

  /** Lets {@link #mirroredAt(URI)} take a plain {@code http} mirror; the pins are still checked. Default: refused. */
  public DownloadSource allowPlainHttp() {
    return new DownloadSource(options.with(options.connectTimeout(), options.requestTimeout(),
        options.allowUnpinned(), true));
  }

  /**
   * Fetches through {@code proxy} (plain {@code http} requests forwarded, {@code https} ones tunnelled with
   * {@code CONNECT}), except for hosts its {@code noProxy} names; the pins are still checked. Default: direct.
   */
  public DownloadSource proxy(HttpProxy proxy) {
    return new DownloadSource(options.with(Objects.requireNonNull(proxy, "proxy must not be null")));
  }

  /** The proxy downloads go through, if one was set with {@link #proxy(HttpProxy)}. */
  public Optional<HttpProxy> proxy() {
    return options.proxy();
  }

  /** Whether unpinned files are accepted ({@link #allowUnpinned()}). */
  public boolean acceptsUnpinned() {
    return options.allowUnpinned();
  }

  public Path cacheDirectory() {
    return options.cache();
  }

  /**
   * The file this source would fetch for {@code component}, with its pin if one is known; nothing is contacted.
   * For a server program without a pin of its own this is the pinned server tarball.
   */
  public Artifact artifact(String component, String version, Arch arch) {
    URI mirror = options.mirror();
    return options.catalog().artifact(component, version, arch,
        official -> mirror == null ? official : Catalog.mirrored(mirror, official));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Resolves of the same file in this JVM (hosts applied in parallel) wait for each other, so a file is
   * downloaded once; other processes sharing the cache are safe through atomic renames.
   *
   * @throws UnpinnedArtifactException when nothing pins the file and {@link #allowUnpinned()} was not called
   */
  @Override
  public ResolvedArtifact resolve(String component, String version, Arch arch) {
    Artifact artifact = artifact(component, version, arch);
    if (artifact.pin() == null && !options.allowUnpinned()) {
      throw new UnpinnedArtifactException(unpinnedMessage(component, artifact.version(), arch));
    }
    Path directory = options.cache().resolve(artifact.component()).resolve(artifact.version()).resolve(arch.value());
    Path file = directory.resolve(artifact.fileName());
    ResolvedArtifact resolved;
    synchronized (LOCKS.computeIfAbsent(file, f -> new Object())) {
      resolved = resolveLocked(artifact, directory, file);
    }
    if (artifact.component().equals(component)) {
      return resolved;
    }
    return new ResolvedArtifact(artifact, List.of(resolved.binary(component)), resolved.verification(),
        resolved.installedOnHost());
  }

  /** Why a file has no pin, and the three ways on. */
  static String unpinnedMessage(String component, String version, Arch arch) {
    String call = "(\"" + component + "\", \"" + version + "\", Arch." + arch + ", ";
    String bundle = Contents.BUNDLED_IN.get(component);
    String ways = bundle == null
        ? "pin it with pin" + call + "\"sha256:<hex>\")"
        : "pin the server tarball with pin(\"" + bundle + "\", \"" + version + "\", Arch." + arch
            + ", \"sha512:<hex from the release notes>\"), or the program with pin" + call + "\"sha256:<hex>\")";
    return component + " " + version + " " + arch.value() + " has no pinned digest (kubestrap's tables do not "
        + "list this version, and a digest served beside the file is not trusted): " + ways
        + ", or accept an unchecked download with allowUnpinned()";
  }

  private ResolvedArtifact resolveLocked(Artifact artifact, Path directory, Path file) {
    Pin pin = artifact.pin();
    Sha256.FileDigests digests = cached(file, pin);
    if (digests == null) {
      Downloader downloader = new Downloader(options.connectTimeout(), options.requestTimeout(), options.listener(),
          options.proxy());
      digests = fetch(downloader, artifact, directory, file);
    }
    Verification verification = pin != null ? Verification.PINNED : Verification.COMPUTED_ONLY;
    Path extractTo = directory.resolve(artifact.fileName() + ".d");
    return new ResolvedArtifact(artifact,
        Unpacker.programs(file, digests.sha256(), Contents.of(artifact.component()), extractTo), verification,
        Optional.empty());
  }

  /** The digests of the cached file, or null when it is missing or (then deleted) no longer matches its pin. */
  private static Sha256.FileDigests cached(Path file, Pin pin) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Sha256.FileDigests digests = Sha256.FileDigests.of(file);
    if (pin == null || digests.matches(pin)) {
      return digests;
    }
    LOG.warn("cached {} has {} {}, pinned {}: fetching it again", file, pin.algorithm(), digests.in(pin), pin.hex());
    deleteQuietly(file);
    return null;
  }

  private static Sha256.FileDigests fetch(Downloader downloader, Artifact artifact, Path directory, Path file) {
    Path temp = null;
    try {
      Files.createDirectories(directory);
      temp = Files.createTempFile(directory, "." + artifact.fileName(), ".part");
      Sha256.FileDigests actual = downloader.download(artifact.url(), temp);
      Pin pin = artifact.pin();
      if (pin == null) {
        LOG.warn("{} is not pinned and was accepted unchecked (allowUnpinned): sha256 {}", artifact.url(),
            actual.sha256());
      } else if (!actual.matches(pin)) {
        throw new ChecksumMismatchException(artifact.url(), pin.algorithm(), pin.hex(), actual.in(pin));
      }
      moveIntoPlace(temp, file);
      temp = null;
      return actual;
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

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", file, e.toString());
    }
  }

  @Override
  public String toString() {
    return "DownloadSource[" + (options.mirror() == null ? "official" : "mirror " + options.mirror()) + ", cache "
        + options.cache() + (options.allowUnpinned() ? ", unpinned allowed" : "") + "]";
  }
}
