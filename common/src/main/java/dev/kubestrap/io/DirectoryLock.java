package dev.kubestrap.io;

import dev.kubestrap.KubestrapException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive hold on a directory, so that one process at a time works on it, with the holder named to
 * whoever is refused. Taken with {@link #acquire}, given back with {@link #close()}.
 *
 * <p>Two files in the directory: {@value #LOCK_FILE}, on which an operating-system file lock is held (the
 * system releases it when the process ends, however it ends, so a crashed holder never blocks the next
 * run), and {@value #HOLDER_FILE}, which names the holder: process id, host, the process's start time,
 * when it took the lock and what for. A holder file found next to a free lock was left by a process that
 * died holding it: the new holder takes the lock over and reports the old one through {@link
 * #takenOver()}. A free lock whose holder file names a process of this host that is still running means
 * the file system does not enforce locks (some network file systems): that is refused rather than risked.
 *
 * <p>Within one JVM the lock is reentrant for the thread holding it (nested acquisitions share it and only
 * the outermost {@link #close()} gives it back) and refused to every other thread. The lock file is opened
 * once per JVM and never by anyone else in it: on Linux, closing any descriptor of a file drops all the
 * locks the process holds on it.
 */
public final class DirectoryLock implements AutoCloseable {
  /** The file the operating-system lock is held on. It stays in the directory, empty. */
  public static final String LOCK_FILE = ".kubestrap.lock";
  /** The file naming the current holder; removed when the lock is given back. */
  public static final String HOLDER_FILE = ".kubestrap.lock-holder";

  private static final Map<Path, Held> HELD = new ConcurrentHashMap<>();

  /** The lock of one directory as this JVM holds it. */
  private static final class Held {
    final Thread owner;
    final Holder holder;
    final FileChannel channel;
    final FileLock lock;
    int depth = 1;

    Held(Thread owner, Holder holder, FileChannel channel, FileLock lock) {
      this.owner = owner;
      this.holder = holder;
      this.channel = channel;
      this.lock = lock;
    }
  }

  /**
   * Who holds (or held) a lock.
   *
   * @param pid the process id
   * @param host the host name of the machine the process runs on
   * @param processStarted when that process started (to tell a reused process id apart)
   * @param acquired when it took the lock
   * @param purpose what it holds the lock for, e.g. {@code apply of cluster lab}
   */
  public record Holder(long pid, String host, Instant processStarted, Instant acquired, String purpose) {
    public Holder {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(processStarted, "processStarted");
      Objects.requireNonNull(acquired, "acquired");
      Objects.requireNonNull(purpose, "purpose");
    }

    /** This process, taking a lock now for {@code purpose}. */
    static Holder current(String purpose) {
      ProcessHandle self = ProcessHandle.current();
      return new Holder(self.pid(), HostName.get(), self.info().startInstant().orElse(Instant.EPOCH), Instant.now(),
          purpose);
    }

    /** Whether this is a process of this host that is still running (same id, same start time). */
    boolean isRunningHere() {
      return host.equals(HostName.get()) && ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .flatMap(handle -> handle.info().startInstant())
          .map(start -> Math.abs(start.toEpochMilli() - processStarted.toEpochMilli()) < 1000)
          .orElse(false);
    }

    /** E.g. {@code apply of cluster lab by process 4711 on build-1 (started 2026-...Z), holding it since ...Z}. */
    public String describe() {
      return purpose + " by process " + pid + " on " + host + " (started " + processStarted + "), holding it since "
          + acquired;
    }

    String toText() {
      return "pid=" + pid + "\nhost=" + host + "\nprocess-started=" + processStarted + "\nacquired=" + acquired
          + "\npurpose=" + purpose.replace('\n', ' ') + "\n";
    }

    static Optional<Holder> parse(String text) {
      Map<String, String> fields = new java.util.HashMap<>();
      text.lines().forEach(line -> {
        int eq = line.indexOf('=');
        if (eq > 0) {
          fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
      });
      try {
        return Optional.of(new Holder(Long.parseLong(fields.get("pid")), fields.get("host"),
            Instant.parse(fields.get("process-started")), Instant.parse(fields.get("acquired")),
            fields.getOrDefault("purpose", "unknown work")));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  private final Path directory;
  private final Held held;
  private final Optional<Holder> takenOver;
  private boolean closed;

  private DirectoryLock(Path directory, Held held, Optional<Holder> takenOver) {
    this.directory = directory;
    this.held = held;
    this.takenOver = takenOver;
  }

  /**
   * Takes the lock of {@code directory} (created owner-only if missing) for {@code purpose}, or fails at once.
   *
   * @throws DirectoryLockedException when another process, or another thread of this one, holds it; the
   *     message names the holder
   * @throws KubestrapException when the lock cannot be taken for another reason (unwritable directory, a
   *     file system that does not enforce locks)
   */
  public static DirectoryLock acquire(Path directory, String purpose) {
    Objects.requireNonNull(purpose, "purpose");
    Path dir = canonical(directory);
    synchronized (HELD) {
      Held mine = HELD.get(dir);
      if (mine != null) {
        if (mine.owner != Thread.currentThread()) {
          throw new DirectoryLockedException(dir, Optional.of(mine.holder),
              " (another thread of this process: " + mine.owner.getName() + ")");
        }
        mine.depth++;
        return new DirectoryLock(dir, mine, Optional.empty());
      }
      Taken taken = lock(dir, purpose);
      HELD.put(dir, taken.held());
      return new DirectoryLock(dir, taken.held(), taken.previous());
    }
  }

  private record Taken(Held held, Optional<Holder> previous) {}

  private static Taken lock(Path dir, String purpose) {
    Path lockFile = dir.resolve(LOCK_FILE);
    Path holderFile = dir.resolve(HOLDER_FILE);
    boolean interrupted = Thread.interrupted();
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      Optional<Holder> previous = readHolder(holderFile);
      if (lock == null) {
        throw new DirectoryLockedException(dir, previous, "");
      }
      if (previous.isPresent() && previous.get().isRunningHere()) {
        lock.release();
        throw new KubestrapException("the lock on " + dir + " is free, but " + holderFile + " names a process that"
            + " is still running: " + previous.get().describe() + ". This file system does not seem to enforce"
            + " file locks; make sure no other run uses " + dir + ", then delete " + holderFile);
      }
      Holder holder = Holder.current(purpose);
      AtomicFiles.write(holderFile, holder.toText().getBytes(StandardCharsets.UTF_8), AtomicFiles.PUBLIC);
      Held held = new Held(Thread.currentThread(), holder, channel, lock);
      channel = null;
      return new Taken(held, previous);
    } catch (IOException e) {
      throw new KubestrapException("locking " + dir + " failed: " + e, e);
    } finally {
      closeQuietly(channel);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Optional<Holder> readHolder(Path holderFile) {
    try {
      return Holder.parse(Files.readString(holderFile, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A missing directory is made owner-only: what is locked like this is local state, often keys. */
  private static Path canonical(Path directory) {
    try {
      if (!Files.isDirectory(directory)) {
        boolean posix = directory.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
          Files.createDirectories(directory, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(directory);
        }
      }
      return directory.toRealPath();
    } catch (IOException e) {
      throw new KubestrapException("cannot create " + directory + " to lock it: " + e, e);
    }
  }

  /** The directory this lock guards. */
  public Path directory() {
    return directory;
  }

  /** Who holds the lock: this process. */
  public Holder holder() {
    return held.holder;
  }

  /**
   * The holder named by a holder file found next to a free lock, if any: a process that died holding the lock,
   * whose work may have been cut short. Empty for nested acquisitions.
   */
  public Optional<Holder> takenOver() {
    return takenOver;
  }

  /** The current holder of {@code directory}'s lock as its holder file names it; empty when none is recorded. */
  public static Optional<Holder> recordedHolder(Path directory) {
    return readHolder(directory.resolve(HOLDER_FILE));
  }

  /**
   * Gives the lock back (the outermost hold only): removes the holder file, then releases the file lock.
   * Idempotent; never affected by the thread's interrupt flag.
   */
  @Override
  public void close() {
    synchronized (HELD) {
      if (closed) {
        return;
      }
      closed = true;
      if (--held.depth > 0) {
        return;
      }
      HELD.remove(directory);
      try {
        Files.deleteIfExists(directory.resolve(HOLDER_FILE));
      } catch (IOException e) {
        // a stale holder file is recognised as such by the next holder
      } finally {
        closeQuietly(held.channel);
      }
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close(); // releases the lock
      } catch (IOException e) {
        // the descriptor is gone either way
      }
    }
  }

  @Override
  public String toString() {
    return "DirectoryLock[" + directory + ", " + held.holder.describe() + "]";
  }
}
