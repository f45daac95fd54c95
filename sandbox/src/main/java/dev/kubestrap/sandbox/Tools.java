package dev.kubestrap.sandbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Finds the programs a sandbox runs: on {@code PATH}, then in the usual system directories. */
final class Tools {
  private static final String[] SYSTEM_DIRECTORIES = {"/usr/sbin", "/usr/bin", "/sbin", "/bin"};

  private Tools() {}

  static Optional<String> find(String program) {
    Set<String> directories = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          directories.add(entry);
        }
      }
    }
    directories.addAll(java.util.Arrays.asList(SYSTEM_DIRECTORIES));
    for (String directory : directories) {
      Path candidate = Path.of(directory, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }
}
