package dev.kubestrap.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Flushes whole file systems with coreutils' {@code sync --file-system} (the {@code syncfs} system call), which
 * Java cannot call directly. One such sync makes hundreds of freshly written files durable in one journal
 * commit. Where the command is missing or fails (not Linux, old coreutils), callers fall back to one fsync per
 * file, so the answer is only ever an optimisation.
 */
final class FileSystemSync {
  private static final long TIMEOUT_SECONDS = 120;

  private FileSystemSync() {}

  /** True when every file system holding one of {@code directories} was synced. */
  static boolean syncAll(List<Path> directories) {
    List<String> command = new ArrayList<>(List.of("sync", "--file-system"));
    directories.forEach(directory -> command.add(directory.toString()));
    try {
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
