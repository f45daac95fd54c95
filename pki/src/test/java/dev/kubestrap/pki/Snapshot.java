package dev.kubestrap.pki;

import dev.kubestrap.io.DirectoryLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The names and contents of every file in a directory, to prove that a refused call wrote nothing. The empty lock
 * file that taking the store's {@link DirectoryLock} leaves is not part of it.
 */
record Snapshot(Map<String, String> files) {
  static Snapshot of(Path directory) {
    Map<String, String> files = new TreeMap<>();
    if (Files.isDirectory(directory)) {
      try (Stream<Path> list = Files.list(directory)) {
        list.filter(file -> !file.getFileName().toString().equals(DirectoryLock.LOCK_FILE))
            .forEach(file -> files.put(file.getFileName().toString(), Tools.read(file)));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    return new Snapshot(files);
  }
}
