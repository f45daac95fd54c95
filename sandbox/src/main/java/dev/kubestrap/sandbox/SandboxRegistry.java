package dev.kubestrap.sandbox;

import dev.kubestrap.io.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The machine-wide list of sandboxes, under {@code /run/kubestrap/sandboxes}: one state file and
 * one lock file per sandbox. A sandbox holds its lock for as long as it lives, so a lock that can
 * be taken belongs to a sandbox whose process died, whatever the way; the operating system
 * releases the lock of a dead process. {@code /run} is emptied at reboot, when the bridges and
 * processes are gone too.
 */
final class SandboxRegistry {
  static final Path DEFAULT_DIRECTORY = Path.of("/run/kubestrap/sandboxes");
  /**
   * Lock files held by this JVM. They are never opened a second time: on Linux, closing any
   * channel on a file drops every lock the process holds on that file.
   */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path directory;

  SandboxRegistry(Path directory) {
    this.directory = directory;
  }

  /** An exclusive hold on one sandbox's entry; closing it releases the entry and deletes it. */
  final class Claim implements AutoCloseable {
    private final String id;
    private final FileChannel channel;
    private final FileLock lock;

    private Claim(String id, FileChannel channel, FileLock lock) {
      this.id = id;
      this.channel = channel;
      this.lock = lock;
    }

    String id() {
      return id;
    }

    void save(Properties state) {
      Path file = stateFile(id);
      try {
        StringWriter text = new StringWriter();
        state.store(text, "kubestrap sandbox " + id);
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8), AtomicFiles.PUBLIC);
      } catch (IOException e) {
        throw new SandboxException("writing sandbox state " + file + " failed: " + e.getMessage(), e);
      }
    }

    Properties load() {
      Properties state = new Properties();
      Path file = stateFile(id);
      if (Files.isRegularFile(file)) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          state.load(in);
        } catch (IOException e) {
          throw new SandboxException("reading sandbox state " + file + " failed: " + e.getMessage(),
              e);
        }
      }
      return state;
    }

    @Override
    public void close() {
      try {
        Files.deleteIfExists(stateFile(id));
        Files.deleteIfExists(lockFile(id));
        lock.release();
        channel.close();
        HELD_HERE.remove(lockFile(id));
      } catch (IOException e) {
        throw new SandboxException("releasing sandbox " + id + " failed: " + e.getMessage(), e);
      }
    }
  }

  /** Takes the entry for a new sandbox id, or empty if that id is taken. */
  Optional<Claim> claimNew(String id) {
    if (Files.exists(lockFile(id))) {
      return Optional.empty();
    }
    return tryClaim(id);
  }

  /** Every registered sandbox whose owner has died, claimed for cleaning. */
  List<Claim> claimAbandoned() {
    List<Claim> abandoned = new ArrayList<>();
    for (String id : registeredIds()) {
      tryClaim(id).ifPresent(abandoned::add);
    }
    return abandoned;
  }

  /** True when a live process holds the sandbox with this id. */
  boolean isLive(String id) {
    if (!Files.exists(lockFile(id))) {
      return false;
    }
    Optional<Claim> claim = tryClaim(id);
    claim.ifPresent(taken -> {
      try {
        taken.lock.release();
        taken.channel.close();
        HELD_HERE.remove(lockFile(id));
      } catch (IOException e) {
        throw new SandboxException("probing sandbox " + id + " failed: " + e.getMessage(), e);
      }
    });
    return claim.isEmpty();
  }

  /**
   * Runs {@code action} while holding the machine-wide network lock, so that two sandboxes
   * starting at once never pick the same range or bridge.
   */
  <T> T withNetworkLock(Supplier<T> action) {
    synchronized (SandboxRegistry.class) {
      try {
        Files.createDirectories(directory);
        try (FileChannel channel = FileChannel.open(directory.resolve("network.lock"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          channel.lock(); // released when the channel closes
          return action.get();
        }
      } catch (IOException e) {
        throw new SandboxException("locking " + directory.resolve("network.lock") + " failed: "
            + e.getMessage(), e);
      }
    }
  }

  List<String> registeredIds() {
    List<String> ids = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return ids;
    }
    try (DirectoryStream<Path> locks = Files.newDirectoryStream(directory, "*.lock")) {
      for (Path lock : locks) {
        String name = lock.getFileName().toString();
        if (!name.equals("network.lock")) {
          ids.add(name.substring(0, name.length() - ".lock".length()));
        }
      }
    } catch (IOException e) {
      throw new SandboxException("listing " + directory + " failed: " + e.getMessage(), e);
    }
    return ids;
  }

  private Optional<Claim> tryClaim(String id) {
    if (!HELD_HERE.add(lockFile(id))) {
      return Optional.empty();
    }
    try {
      Files.createDirectories(directory);
      FileChannel channel = FileChannel.open(lockFile(id), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by a sandbox in this very JVM
      }
      if (lock == null) {
        channel.close();
        HELD_HERE.remove(lockFile(id));
        return Optional.empty();
      }
      return Optional.of(new Claim(id, channel, lock));
    } catch (IOException e) {
      HELD_HERE.remove(lockFile(id));
      throw new SandboxException("locking sandbox " + id + " in " + directory + " failed: "
          + e.getMessage(), e);
    }
  }

  private Path lockFile(String id) {
    return directory.resolve(id + ".lock");
  }

  private Path stateFile(String id) {
    return directory.resolve(id + ".properties");
  }
}
