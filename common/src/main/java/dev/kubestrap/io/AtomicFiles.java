package dev.kubestrap.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes local files so that a reader sees either the old or the new content, never a part: a temporary
 * file in the same directory, created with its final permissions (so a key is never readable by others, not
 * even for a moment), written, forced to disk, then moved over the target in one step. A file system that
 * cannot rename atomically is refused rather than written in place.
 *
 * <p>{@link #writeAll} of {@value #ONE_SYNC_BATCH} files or more forces them with one file-system sync
 * before any rename instead of one fsync each; the guarantee is the same, the cost one journal commit.
 *
 * <p>Used for every local file that may hold key material: the PKI store, kubeconfigs, the encryption key,
 * the last applied plan, dry-run plan trees, component file trees and the transports' downloads. Its methods throw {@link IOException}:
 * each caller wraps it in its own exception type with the step that failed.
 */
public final class AtomicFiles {
  /** Permissions of private keys and other credentials: owner read/write only ({@code 0600}). */
  public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
  /** Permissions of certificates and public keys ({@code 0644}). */
  public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

  static final String TEMP_PREFIX = ".kubestrap-";

  /** Upper bound of concurrent writers: file systems merge concurrent fsyncs into one journal commit. */
  private static final int MAX_WRITERS = 64;
  /** From this many files on, one file-system sync replaces the fsync of each file. */
  public static final int ONE_SYNC_BATCH = 64;

  private AtomicFiles() {}

  /**
   * One file to write: its path, its bytes and its final permissions. {@link #toString()} gives the size,
   * never the bytes (they are often a private key).
   */
  public record Content(Path target, byte[] bytes, Set<PosixFilePermission> permissions) {
    @Override
    public String toString() {
      return "Content[" + target + ", " + bytes.length + " bytes, " + PosixFilePermissions.toString(permissions) + "]";
    }
  }

  /**
   * Writes every file atomically as {@link #write} does, many at once: one fsync costs milliseconds on a real
   * disk, and concurrent fsyncs share journal commits. Then the directories are synced. The first failure is
   * thrown after all writers finished; files already moved into place stay (each is complete). An interrupt
   * is thrown as {@link InterruptedIOException} with the thread's interrupt flag set again.
   */
  public static void writeAll(List<Content> files) throws IOException {
    if (files.size() == 1) {
      Content only = files.get(0);
      write(only.target(), only.bytes(), only.permissions());
    } else if (files.size() > 1) {
      writeConcurrently(files);
    }
    for (Path directory : files.stream().map(file -> file.target().toAbsolutePath().getParent()).distinct().toList()) {
      syncDirectory(directory);
    }
  }

  private static void writeConcurrently(List<Content> files) throws IOException {
    if (files.size() < ONE_SYNC_BATCH) {
      forEachConcurrently(files, MAX_WRITERS, file -> write(file.target(), file.bytes(), file.permissions()));
      return;
    }
    // Many files: write them all unforced, make them durable with one file-system sync (one journal commit
    // instead of one fsync each, which dominates bulk issuing on a real disk), and only then rename them into
    // place, so a crash still leaves each target either old or complete.
    // Unforced writes wait for no disk: more writers than cores only queue on the directory's lock.
    Path[] temps = new Path[files.size()];
    List<Path> directories = files.stream().map(file -> file.target().toAbsolutePath().getParent()).distinct().toList();
    for (Path directory : directories) {
      Files.createDirectories(directory);
    }
    try {
      forEachConcurrently(indexes(files.size()), Runtime.getRuntime().availableProcessors(),
          i -> temps[i] = writeTemp(files.get(i), false, false));
      if (!FileSystemSync.syncAll(directories)) {
        forEachConcurrently(List.of(temps), MAX_WRITERS, AtomicFiles::force);
      }
      for (int i = 0; i < temps.length; i++) {
        Files.move(temps[i], files.get(i).target(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        temps[i] = null;
      }
    } finally {
      for (Path temp : temps) {
        deleteQuietly(temp);
      }
    }
  }

  /** Runs {@code action} on every item on up to {@code threads} threads; the first failure is thrown at the end. */
  private static <T> void forEachConcurrently(List<T> items, int threads, IoAction<T> action) throws IOException {
    ExecutorService writers = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, items.size())), work -> {
      Thread thread = new Thread(work, "kubestrap-file-writer");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (T item : items) {
        pending.add(writers.submit(() -> {
          action.run(item);
          return null;
        }));
      }
      Exception failure = null;
      for (Future<?> future : pending) {
        try {
          future.get();
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause() instanceof Exception cause ? cause : new IOException(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          InterruptedIOException interrupted =
              new InterruptedIOException("interrupted while writing " + items.size() + " files");
          interrupted.initCause(e);
          throw interrupted;
        }
      }
      if (failure instanceof IOException io) {
        throw io;
      } else if (failure instanceof RuntimeException unchecked) {
        throw unchecked;
      } else if (failure != null) {
        throw new IOException(failure);
      }
    } finally {
      writers.shutdownNow();
    }
  }

  private interface IoAction<T> {
    void run(T item) throws IOException;
  }

  private static List<Integer> indexes(int count) {
    List<Integer> indexes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      indexes.add(i);
    }
    return indexes;
  }

  /** Writes one file atomically with exactly {@code permissions} (off POSIX file systems: the platform's default). */
  public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
    Path temp = writeTemp(new Content(target, content, permissions), true, true);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
    } finally {
      deleteQuietly(temp);
    }
  }

  /**
   * {@link #write}, unless {@code target} already is a regular file (not a link) with exactly this content and these
   * permissions: then nothing is written, renamed or forced, and the file keeps its times. For files a run rewrites
   * every time with what is usually the same content (the kubeconfigs of an unchanged re-apply).
   *
   * @return true when the file was written
   */
  public static boolean writeIfChanged(Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    if (holds(target, content, permissions)) {
      return false;
    }
    write(target, content, permissions);
    return true;
  }

  private static boolean holds(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return false;
    }
    if (!attributes.isRegularFile() || attributes.size() != content.length) {
      return false;
    }
    if (target.getFileSystem().supportedFileAttributeViews().contains("posix")
        && !Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS).equals(permissions)) {
      return false;
    }
    ByteBuffer held = ByteBuffer.allocate(content.length + 1);
    try (FileChannel channel = FileChannel.open(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      while (held.hasRemaining() && channel.read(held) >= 0) {
        // a file that grew since its size was read shows up as one byte too many
      }
    }
    return held.position() == content.length && Arrays.equals(held.array(), 0, content.length, content, 0,
        content.length);
  }

  /**
   * {@link #write} that an interrupt cannot break: the thread's interrupt flag is cleared while the file is
   * written (an interrupted thread would otherwise close the file's channel and fail) and set again afterwards.
   * For records that must be kept exactly when a run is being stopped.
   */
  public static void writeUninterruptibly(Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      write(target, content, permissions);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Writes a file's content to a stream; for {@link #write(Path, Set, StreamContent)}. */
  @FunctionalInterface
  public interface StreamContent {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes one file atomically from a stream, for content that arrives while it is written (a download). As for
   * every write here, the temporary file is created new beside the target (never opened through a link planted
   * under its name) with exactly {@code permissions} before the first byte; it is moved over the target only if
   * it is still the file that was created, so a temporary file replaced meanwhile (by whoever may write to that
   * directory) is refused with an {@link IOException} instead of moved into place. The directory must exist.
   */
  public static void write(Path target, Set<PosixFilePermission> permissions, StreamContent content)
      throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    TempFile temp = createTemp(directory, target.getFileName().toString(), permissions);
    boolean moved = false;
    try {
      Object created = fileKey(temp.path());
      try (FileChannel channel = temp.channel(); OutputStream out = Channels.newOutputStream(channel)) {
        ensurePermissions(temp.path(), permissions);
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      if (!Files.isRegularFile(temp.path(), LinkOption.NOFOLLOW_LINKS) || !created.equals(fileKey(temp.path()))) {
        throw new IOException(temp.path() + " was replaced while it was written; refusing to move it over " + target);
      }
      Files.move(temp.path(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } finally {
      if (!moved) {
        deleteQuietly(temp.path());
      }
    }
  }

  /** What identifies the file itself (device and inode on Linux), read without following a link. */
  private static Object fileKey(Path file) throws IOException {
    Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    return key != null ? key : file;
  }

  /**
   * Writes the content to a new temporary file beside its target, forced to disk when asked; returns its path. The
   * directory is created first unless the caller already did.
   */
  private static Path writeTemp(Content file, boolean force, boolean createDirectory) throws IOException {
    Path directory = file.target().toAbsolutePath().getParent();
    if (createDirectory) {
      Files.createDirectories(directory);
    }
    TempFile temp = createTemp(directory, file.target().getFileName().toString(), file.permissions());
    boolean written = false;
    try (FileChannel channel = temp.channel()) {
      // Before the data is forced, so that one fsync covers the mode too.
      ensurePermissions(temp.path(), file.permissions());
      ByteBuffer buffer = ByteBuffer.wrap(file.bytes());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (force) {
        channel.force(true);
      }
      written = true;
    } finally {
      if (!written) {
        deleteQuietly(temp.path());
      }
    }
    return temp.path();
  }

  private static void force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // The original failure is the one worth reporting.
      }
    }
  }

  /** Forces the directory entry changes (the renames) to disk; a no-op where directories cannot be opened. */
  public static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory for reading; the files themselves are already forced.
    }
  }

  private record TempFile(Path path, FileChannel channel) {}

  /** Creates and opens a new temporary file next to the target, already with its final permissions. */
  private static TempFile createTemp(Path directory, String name, Set<PosixFilePermission> permissions)
      throws IOException {
    boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    for (int attempt = 0; ; attempt++) {
      Path temp = directory.resolve(TEMP_PREFIX + name + "." + Long.toHexString(System.nanoTime()) + attempt + ".tmp");
      try {
        FileChannel channel = posix
            ? FileChannel.open(temp, options, PosixFilePermissions.asFileAttribute(permissions))
            : FileChannel.open(temp, options);
        return new TempFile(temp, channel);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw e;
        }
      }
    }
  }

  /** Sets the mode of an existing file to exactly {@code permissions} when it differs (a no-op off POSIX). */
  public static void restrict(Path file, Set<PosixFilePermission> permissions) throws IOException {
    ensurePermissions(file, permissions);
  }

  /** The umask may have narrowed the mode the file was created with: set it exactly, but only then. */
  private static void ensurePermissions(Path file, Set<PosixFilePermission> permissions) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")
        && !Files.getPosixFilePermissions(file).equals(permissions)) {
      Files.setPosixFilePermissions(file, permissions);
    }
  }

  /** The POSIX permission set of the low nine bits of {@code mode} ({@code 0640} → {@code rw-r-----}). */
  public static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder text = new StringBuilder();
    String letters = "rwx";
    for (int bit = 8; bit >= 0; bit--) {
      text.append((mode & (1 << bit)) != 0 ? letters.charAt((8 - bit) % 3) : '-');
    }
    return PosixFilePermissions.fromString(text.toString());
  }

  /** True for a temporary file this class creates (left behind only if the process died mid-write). */
  public static boolean isTempFile(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(TEMP_PREFIX) && name.endsWith(".tmp");
  }
}
