package dev.kubestrap.transport.local;

import dev.kubestrap.io.AtomicFiles;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.RemoteCommandException;
import dev.kubestrap.transport.RemoteFileException;
import dev.kubestrap.transport.Transport;
import dev.kubestrap.transport.Tunnel;
import dev.kubestrap.transport.internal.RemotePaths;
import dev.kubestrap.transport.internal.Sha256;
import dev.kubestrap.transport.internal.StreamPumps;
import dev.kubestrap.transport.internal.TempNames;
import dev.kubestrap.transport.internal.UploadSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Transport} contract on this machine, through {@link ProcessBuilder} and
 * {@code java.nio.file}.
 *
 * <p>{@link #create()} works on the real file system. {@link #rootedAt(Path)} maps every absolute remote
 * path under a directory ({@code /etc/kubernetes/admin.conf} becomes {@code <root>/etc/kubernetes/admin.conf});
 * paths that would escape the root with {@code ..} are refused. This is the basis of dry runs that
 * write each host's tree into a folder. Commands are <em>not</em> mapped: in rooted mode they still run
 * on this machine, with the root as working directory, so a dry run should not send side-effecting
 * commands.
 *
 * <p>Owners ({@link FileMode#owner(String, String)}) are applied only when this JVM runs as root; as any
 * other user they are skipped (logged at debug). In rooted mode an owner unknown on this machine is
 * skipped too, because the tree is meant for inspection; without a root it is an error.
 *
 * <p>Defaults: commands without their own timeout get {@link #DEFAULT_COMMAND_TIMEOUT}; a timed-out
 * command is killed together with its descendants.
 */
public final class LocalTransport implements Transport {
  /** The timeout of commands that set none: 10 minutes. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(LocalTransport.class);
  private static final Duration OUTPUT_GRACE = Duration.ofSeconds(5);

  private final Path root;
  private final boolean runningAsRoot;
  private final StreamPumps pumps = new StreamPumps("local-transport");

  private LocalTransport(Path root) {
    this.root = root;
    this.runningAsRoot = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  /** A transport for this machine's real file system. */
  public static LocalTransport create() {
    return new LocalTransport(null);
  }

  /** A transport whose remote paths all live under {@code dir}, which is created when missing. */
  public static LocalTransport rootedAt(Path dir) {
    Objects.requireNonNull(dir, "dir");
    Path absolute = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create root directory " + absolute, e);
    }
    return new LocalTransport(absolute);
  }

  /** The directory remote paths are mapped under, when rooted. */
  public Optional<Path> root() {
    return Optional.ofNullable(root);
  }

  /** Where a remote path lives on this machine: itself, or its image under the root. */
  public Path resolve(String remotePath) {
    RemotePaths.requireAbsolute(remotePath);
    if (root == null) {
      return Path.of(remotePath).normalize();
    }
    Path mapped = root.resolve(remotePath.substring(1)).normalize();
    if (!mapped.startsWith(root)) {
      throw new IllegalArgumentException("remotePath escapes the root " + root + ": '" + remotePath + "'");
    }
    return mapped;
  }

  @Override
  public String target() {
    return root == null ? "local" : "local:" + root;
  }

  @Override
  public ExecResult exec(Command command) {
    Duration timeout = command.timeout().orElse(DEFAULT_COMMAND_TIMEOUT);
    LOG.debug("exec on {}: {}", target(), command.display());
    ProcessBuilder builder = new ProcessBuilder(command.argv());
    if (root != null) {
      builder.directory(root.toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new ExecResult(127, "", "cannot start " + command.program() + ": " + e.getMessage() + "\n");
    }
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    Future<Long> out = pumps.drain(process.getInputStream(), stdout);
    Future<Long> err = pumps.drain(process.getErrorStream(), stderr);
    pumps.feed(new ByteArrayInputStream(command.stdin().orElse(new byte[0])), process.getOutputStream());
    Instant deadline = Instant.now().plus(timeout);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        StreamPumps.await(err, Instant.now().plus(OUTPUT_GRACE));
        throw RemoteCommandException.timedOut(target(), command, timeout, stderr.toString());
      }
      // A background child may keep the pipes open; give it the rest of the timeout, then give up.
      Instant outputDeadline = deadline.isAfter(Instant.now()) ? deadline : Instant.now().plus(OUTPUT_GRACE);
      if (!StreamPumps.await(out, outputDeadline) || !StreamPumps.await(err, outputDeadline)) {
        kill(process);
        throw RemoteCommandException.timedOut(target(), command, timeout, stderr.toString());
      }
      return ExecResult.of(process.exitValue(), stdout.toByteArray(), stderr.toByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(process);
      throw RemoteCommandException.noExitStatus(target(), command, "interrupted", stderr.toString());
    } catch (IOException e) {
      kill(process);
      throw RemoteCommandException.noExitStatus(target(), command, "reading output: " + e, stderr.toString());
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  @Override
  public PutResult put(byte[] content, String remotePath, FileMode mode) {
    return put(UploadSource.of(content), remotePath, mode);
  }

  @Override
  public PutResult put(Path localFile, String remotePath, FileMode mode) {
    return put(UploadSource.of(localFile), remotePath, mode);
  }

  @Override
  public PutResult put(InputStream content, String remotePath, FileMode mode) {
    return put(UploadSource.of(content), remotePath, mode);
  }

  /** Checks the stored copy against {@code sha256} before the rename, hashing the local file not at all. */
  @Override
  public PutResult putPinned(Path localFile, String remotePath, FileMode mode, String sha256) {
    return put(UploadSource.pinned(localFile, sha256), remotePath, mode);
  }

  /** Sends a source whose size and SHA-256 are known, then releases it (a temporary copy of a stream). */
  private PutResult put(UploadSource source, String remotePath, FileMode mode) {
    try (source) {
      return send(source, remotePath, mode);
    }
  }

  private PutResult send(UploadSource source, String remotePath, FileMode mode) {
    RemotePaths.requireFile(remotePath);
    Objects.requireNonNull(mode, "mode");
    Path target = resolve(remotePath);
    Path temp = resolve(TempNames.beside(remotePath));
    LOG.debug("put on {}: {} ({} bytes, {})", target(), remotePath, source.size(), mode);
    try {
      Files.createDirectories(target.getParent());
      removeStrays(target);
      if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Sha256.of(target).equals(source.sha256())) {
        applyMode(target, mode);
        return new PutResult(remotePath, source.sha256(), 0, true);
      }
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (InputStream in = source.open();
          OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
        in.transferTo(out);
      }
      String stored = Sha256.of(temp);
      if (!stored.equals(source.sha256())) {
        throw new RemoteFileException(target(), "put", remotePath,
            "checksum mismatch: expected " + source.sha256() + ", stored " + stored
                + source.pinnedFile().map(file -> " (the local file " + file + " is not what its pin says)")
                    .orElse(""));
      }
      applyMode(temp, mode);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new PutResult(remotePath, source.sha256(), source.size(), false);
    } catch (IOException e) {
      throw new RemoteFileException(target(), "put", remotePath, describe(e), e);
    } finally {
      deleteQuietly(temp);
    }
  }

  private static void removeStrays(Path target) throws IOException {
    String glob = "." + target.getFileName() + TempNames.MARKER + "*";
    try (DirectoryStream<Path> strays = Files.newDirectoryStream(target.getParent(), glob)) {
      for (Path stray : strays) {
        LOG.debug("removing stray temporary file {}", stray);
        Files.deleteIfExists(stray);
      }
    }
  }

  private void applyMode(Path path, FileMode mode) throws IOException {
    Files.setAttribute(path, "unix:mode", mode.permissions(), LinkOption.NOFOLLOW_LINKS);
    if (mode.owner().isEmpty()) {
      return;
    }
    if (!runningAsRoot) {
      LOG.debug("not running as root: leaving the owner of {} as is (asked for {})", path, mode.chownSpec());
      return;
    }
    UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    try {
      UserPrincipal owner = lookup.lookupPrincipalByName(mode.owner().get());
      Optional<GroupPrincipal> group = mode.group().isPresent()
          ? Optional.of(lookup.lookupPrincipalByGroupName(mode.group().get()))
          : Optional.empty();
      view.setOwner(owner);
      if (group.isPresent()) {
        view.setGroup(group.get());
      }
    } catch (UserPrincipalNotFoundException e) {
      if (root == null) {
        throw e;
      }
      LOG.debug("owner {} unknown on this machine: left {} as is", mode.chownSpec(), path);
    }
  }

  @Override
  public byte[] get(String remotePath) {
    RemotePaths.requireFile(remotePath);
    try {
      return Files.readAllBytes(resolve(remotePath));
    } catch (IOException e) {
      throw new RemoteFileException(target(), "get", remotePath, describe(e), e);
    }
  }

  @Override
  public void get(String remotePath, Path localFile) {
    RemotePaths.requireFile(remotePath);
    Objects.requireNonNull(localFile, "localFile");
    Path source = resolve(remotePath);
    try {
      AtomicFiles.write(localFile.toAbsolutePath(), AtomicFiles.PRIVATE, out -> Files.copy(source, out));
    } catch (IOException e) {
      throw new RemoteFileException(target(), "get", remotePath, describe(e), e);
    }
  }

  @Override
  public Optional<String> sha256(String remotePath) {
    RemotePaths.requireFile(remotePath);
    Path path = resolve(remotePath);
    try {
      if (!Files.exists(path)) {
        return Optional.empty();
      }
      if (!Files.isRegularFile(path)) {
        throw new RemoteFileException(target(), "sha256", remotePath, "not a regular file");
      }
      return Optional.of(Sha256.of(path));
    } catch (IOException e) {
      throw new RemoteFileException(target(), "sha256", remotePath, describe(e), e);
    }
  }

  @Override
  public boolean exists(String remotePath) {
    return Files.exists(resolve(remotePath), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public void mkdirs(String remotePath, FileMode mode) {
    Objects.requireNonNull(mode, "mode");
    Path path = resolve(remotePath);
    try {
      Files.createDirectories(path);
      applyMode(path, mode);
    } catch (IOException e) {
      throw new RemoteFileException(target(), "mkdirs", remotePath, describe(e), e);
    }
  }

  @Override
  public void remove(String remotePath) {
    RemotePaths.requireAbsolute(remotePath);
    Path path = resolve(remotePath);
    if (RemotePaths.isRoot(remotePath) || path.equals(root) || path.getParent() == null) {
      throw new IllegalArgumentException("refusing to remove the root directory: '" + remotePath + "'");
    }
    LOG.debug("remove on {}: {}", target(), remotePath);
    try {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(path);
        return;
      }
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
          if (failure != null) {
            throw failure;
          }
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new RemoteFileException(target(), "remove", remotePath, describe(e), e);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // best effort; the next upload to the same target removes strays
    }
  }

  /** The port itself: this machine's loopback is the host's. */
  @Override
  public Tunnel tunnel(int port) {
    return Tunnel.direct(port);
  }

  @Override
  public void close() {
    pumps.close();
  }

  @Override
  public String toString() {
    return "LocalTransport[" + target() + "]";
  }
}
