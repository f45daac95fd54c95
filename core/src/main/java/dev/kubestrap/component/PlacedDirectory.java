package dev.kubestrap.component;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A directory a component needs, with its permission bits (etcd's data directory is {@code 0700}).
 *
 * @param path absolute path on the host
 * @param mode permission bits
 */
public record PlacedDirectory(Path path, int mode) {

  public PlacedDirectory {
    Objects.requireNonNull(path, "path must not be null");
    if (!path.isAbsolute()) {
      throw new ComponentException("directory path must be absolute: '" + path + "'");
    }
  }

  @Override
  public String toString() {
    return "PlacedDirectory[" + path + ", " + String.format("%04o", mode) + "]";
  }
}
