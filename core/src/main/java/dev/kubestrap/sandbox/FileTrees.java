package dev.kubestrap.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Copies and deletes whole root filesystems with coreutils, which keep owners, modes and links. */
final class FileTrees {
  private FileTrees() {}

  /**
   * Copies {@code source} to {@code target} (which must not exist) with {@code cp -a
   * --reflink=auto}: a cheap clone on filesystems that share blocks, a full copy elsewhere.
   */
  static void copy(Path source, Path target) {
    LocalCommand.run(Duration.ofMinutes(10), List.of("cp", "-a", "--reflink=auto",
        source.toString(), target.toString())).orThrow();
  }

  /**
   * Deletes a tree without crossing into other mounted filesystems, so that a stray bind mount
   * inside a host's root can never take the machine's own files with it.
   */
  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    LocalCommand.run(Duration.ofMinutes(10), List.of("rm", "-rf", "--one-file-system", "--",
        directory.toString())).orThrow();
  }
}
