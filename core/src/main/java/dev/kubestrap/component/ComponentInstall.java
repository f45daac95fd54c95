package dev.kubestrap.component;

import dev.kubestrap.io.AtomicFiles;
import dev.kubestrap.spec.ComponentName;
import dev.kubestrap.spec.HostSpec;
import dev.kubestrap.systemd.SystemdUnit;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one component needs on one host: directories (with modes), files (certificates, kubeconfigs,
 * config files, with modes), the binaries to resolve, the systemd unit and where it goes, and how to tell
 * it is healthy. Pure data: nothing has been sent anywhere.
 *
 * @param component which component
 * @param host the host it is for
 * @param directories directories to create, parents first
 * @param files files to place
 * @param binaries executables to resolve and place with mode 0755
 * @param unit the systemd unit
 * @param unitPath where the unit goes, {@code /etc/systemd/system/<component>.service}
 * @param healthCheck how to tell the component is healthy once started
 */
public record ComponentInstall(
    ComponentName component,
    HostSpec host,
    List<PlacedDirectory> directories,
    List<PlacedFile> files,
    List<RequiredBinary> binaries,
    SystemdUnit unit,
    Path unitPath,
    HealthCheck healthCheck) {

  public ComponentInstall {
    Objects.requireNonNull(component, "component must not be null");
    Objects.requireNonNull(host, "host must not be null");
    directories = List.copyOf(directories);
    files = List.copyOf(files);
    binaries = List.copyOf(binaries);
    Objects.requireNonNull(unit, "unit must not be null");
    Objects.requireNonNull(unitPath, "unitPath must not be null");
    Objects.requireNonNull(healthCheck, "healthCheck must not be null");
  }

  /** The unit as a file to place (0644). */
  public PlacedFile unitFile() {
    return new PlacedFile(unitPath, unit.render().getBytes(StandardCharsets.UTF_8), PlacedFile.PUBLIC);
  }

  /** {@link #files()} followed by {@link #unitFile()}. */
  public List<PlacedFile> filesWithUnit() {
    List<PlacedFile> all = new ArrayList<>(files);
    all.add(unitFile());
    return List.copyOf(all);
  }

  /** The file placed at {@code path}, if any (the unit included). */
  public PlacedFile file(Path path) {
    return filesWithUnit().stream()
        .filter(f -> f.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new ComponentException(component + " places no file at " + path + " on " + host.name()));
  }

  /**
   * Writes the directories, files and unit below {@code root} with their modes: {@code /} writes them
   * where they belong; a temporary directory gives a dry-run tree (or, with a layout already rooted
   * there, pass {@code /}).
   */
  public void writeTo(Path root) {
    try {
      for (PlacedDirectory directory : directories) {
        Path target = below(root, directory.path());
        Files.createDirectories(target);
        Files.setPosixFilePermissions(target, AtomicFiles.permissions(directory.mode()));
      }
      for (PlacedFile file : filesWithUnit()) {
        // Created with its final mode: a key is never readable by others, not even for a moment.
        AtomicFiles.write(below(root, file.path()), file.content(), AtomicFiles.permissions(file.mode()));
      }
    } catch (IOException e) {
      throw new ComponentException("cannot write " + component + " for " + host.name() + " below " + root, e);
    }
  }

  private static Path below(Path root, Path absolute) {
    return root.resolve(absolute.getRoot().relativize(absolute).toString());
  }

  @Override
  public String toString() {
    return "ComponentInstall[" + component + " on " + host.name() + ": " + directories.size() + " directories, "
        + files.size() + " files, " + binaries.size() + " binaries, unit " + unitPath + "]";
  }
}
