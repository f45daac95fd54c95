package dev.kubestrap.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Per-host root filesystems as overlays on the cached base (which stays read-only underneath),
 * and removal of whole trees that may still carry such mounts.
 */
final class FileTrees {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private FileTrees() {}

  /**
   * {@code mount -t overlay overlay -o lowerdir=<base>,upperdir=<upper>,workdir=<work> <merged>}:
   * the host sees the base, and everything it writes lands in its own {@code upper} directory.
   */
  static void mountOverlay(Path base, Path upper, Path work, Path merged) {
    try {
      Files.createDirectories(upper);
      Files.createDirectories(work);
      Files.createDirectories(merged);
    } catch (IOException e) {
      throw new SandboxException("creating overlay directories next to " + merged + " failed: "
          + e.getMessage(), e);
    }
    LocalCommand.run(Duration.ofMinutes(1), List.of("mount", "-t", "overlay", "overlay", "-o",
        "lowerdir=" + base + ",upperdir=" + upper + ",workdir=" + work, merged.toString()))
        .orThrow();
  }

  /**
   * Unmounts whatever is mounted under {@code directory} (deepest first), then deletes the tree
   * without crossing into any other filesystem, so that a mount that would not go away can never
   * take the machine's own files, or the cached base, with it.
   */
  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    for (Path mountPoint : mountPointsUnder(directory)) {
      LocalCommand.Result result = LocalCommand.run(Duration.ofMinutes(1),
          List.of("umount", mountPoint.toString()));
      if (!result.ok()) {
        // Busy (a process still inside): detach it now; the kernel frees it when unused.
        LocalCommand.run(Duration.ofMinutes(1), List.of("umount", "--lazy", mountPoint.toString()))
            .orThrow();
      }
    }
    LocalCommand.run(Duration.ofMinutes(10), List.of("rm", "-rf", "--one-file-system", "--",
        directory.toString())).orThrow();
  }

  /** Mount points at or below {@code directory}, deepest first. */
  static List<Path> mountPointsUnder(Path directory) {
    List<Path> found = new ArrayList<>();
    Path absolute = directory.toAbsolutePath().normalize();
    try {
      for (String line : Files.readAllLines(MOUNTINFO)) {
        String[] fields = line.split(" ");
        if (fields.length > 4) {
          Path mountPoint = Path.of(unescape(fields[4]));
          if (mountPoint.startsWith(absolute)) {
            found.add(mountPoint);
          }
        }
      }
    } catch (IOException e) {
      throw new SandboxException("reading " + MOUNTINFO + " failed: " + e.getMessage(), e);
    }
    found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    return found;
  }

  /** mountinfo writes space, tab, newline and backslash as three-digit octal escapes. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()
          && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
