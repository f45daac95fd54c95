package dev.kubestrap.plan.internal;

import dev.kubestrap.KubestrapException;
import dev.kubestrap.io.AtomicFiles;
import dev.kubestrap.plan.Action;
import dev.kubestrap.plan.ClusterPlan;
import dev.kubestrap.plan.EnsureDirectory;
import dev.kubestrap.plan.HostPlan;
import dev.kubestrap.plan.InstallUnit;
import dev.kubestrap.plan.PhasePlan;
import dev.kubestrap.plan.Placement;
import dev.kubestrap.plan.PutBinary;
import dev.kubestrap.plan.PutFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Writes the dry run of {@link ClusterPlan#writeTo}. */
public final class PlanWriter {
  static final String RECORD_FILE = "plan.json";
  static final String SUMMARY_FILE = "SUMMARY.md";

  private final ClusterPlan plan;
  private final Path dir;
  private final boolean includeBinaries;
  private final boolean includeSecrets;
  private final Map<Path, Integer> directoryModes = new LinkedHashMap<>();
  private final List<PutBinary> binaries = new ArrayList<>();

  private PlanWriter(ClusterPlan plan, Path dir, boolean includeBinaries, boolean includeSecrets) {
    this.plan = plan;
    this.dir = dir;
    this.includeBinaries = includeBinaries;
    this.includeSecrets = includeSecrets;
  }

  public static void write(ClusterPlan plan, Path dir, Set<ClusterPlan.WriteOption> options) {
    try {
      new PlanWriter(plan, dir, options.contains(ClusterPlan.WriteOption.INCLUDE_BINARIES),
          options.contains(ClusterPlan.WriteOption.INCLUDE_SECRETS)).write();
    } catch (IOException e) {
      throw new KubestrapException("writing the plan of " + plan.cluster() + " to " + dir + " failed: " + e, e);
    }
  }

  private void write() throws IOException {
    prepare();
    for (PhasePlan phase : plan.phases()) {
      for (HostPlan host : phase.hosts()) {
        Path root = dir.resolve(host.host().name());
        Files.createDirectories(root);
        for (Action action : host.actions()) {
          writeAction(root, action);
        }
      }
    }
    // Directory modes last, so that a read-only directory does not block writing its files.
    for (Map.Entry<Path, Integer> directory : directoryModes.entrySet()) {
      setMode(directory.getKey(), directory.getValue());
    }
    Files.writeString(dir.resolve(SUMMARY_FILE), plan.summary() + binariesSection() + secretsNote());
    Files.writeString(dir.resolve(RECORD_FILE), plan.record().toJson());
  }

  private void prepare() throws IOException {
    if (!Files.exists(dir)) {
      Files.createDirectories(dir);
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isEmpty()) {
        return;
      }
    }
    if (!Files.isRegularFile(dir.resolve(RECORD_FILE))) {
      throw new KubestrapException("refusing to write a plan into " + dir
          + ": it is neither empty nor an earlier plan directory (no " + RECORD_FILE + ")");
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        if (!path.equals(dir)) {
          if (Files.isDirectory(path)) {
            setMode(path, 0700);
          }
          Files.delete(path);
        }
      }
    }
  }

  private void writeAction(Path root, Action action) throws IOException {
    if (action instanceof EnsureDirectory directory) {
      Path local = local(root, directory.path());
      Files.createDirectories(local);
      directoryModes.put(local, directory.mode().permissions());
    } else if (action instanceof PutFile file) {
      writeFile(root, file, file.secret() && !includeSecrets ? placeholder(file) : file.content());
    } else if (action instanceof InstallUnit unit) {
      writeFile(root, unit, unit.content());
    } else if (action instanceof PutBinary binary) {
      binaries.add(binary);
      if (includeBinaries) {
        copyBinary(root, binary);
      }
    }
  }

  private void writeFile(Path root, Placement placement, byte[] content) throws IOException {
    // Created with its final mode: a key is never readable by others, not even for a moment.
    AtomicFiles.write(local(root, placement.path()), content, permissions(placement.mode().permissions()));
  }

  /** What a review tree holds instead of key material: enough to tell the file apart, nothing to use. */
  static byte[] placeholder(PutFile file) {
    return ("# redacted by kubestrap: " + file.path() + " holds key material\n"
        + "# sha256 " + file.sha256().substring(0, 16) + "…, " + file.size() + " bytes, mode " + file.mode().octal() + "\n"
        + "# the real file is in the cluster's state directory and on the host; "
        + "ClusterPlan.WriteOption.INCLUDE_SECRETS writes it here\n").getBytes(StandardCharsets.UTF_8);
  }

  private void copyBinary(Path root, PutBinary binary) throws IOException {
    Path source = binary.source().resolve();
    String actual = Digests.sha256(source);
    if (!actual.equals(binary.sha256())) {
      throw new KubestrapException("binary " + binary.artifact() + " " + binary.version() + " from " + source
          + " has sha256 " + actual + ", expected " + binary.sha256());
    }
    Path local = local(root, binary.path());
    Files.createDirectories(local.getParent());
    Files.copy(source, local, StandardCopyOption.REPLACE_EXISTING);
    setMode(local, binary.mode().permissions());
  }

  private String secretsNote() {
    boolean any = plan.phases().stream().flatMap(p -> p.hosts().stream()).flatMap(h -> h.actions().stream())
        .anyMatch(a -> a instanceof PutFile f && f.secret());
    if (!any) {
      return "";
    }
    return "\n## Key material\n\n" + (includeSecrets
        ? "WRITTEN INTO THE HOST TREES (INCLUDE_SECRETS): keep this directory like the state directory.\n"
        : "Files holding key material (private keys, kubeconfigs with keys, the encryption config) are placeholders "
            + "with their sha256 prefix, size and mode; the real ones are in the state directory.\n");
  }

  private String binariesSection() {
    if (binaries.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("\n## Binaries\n\n");
    text.append(includeBinaries ? "Copied into the host trees.\n\n" : "Listed only; not copied into the host trees.\n\n");
    for (PutBinary binary : binaries) {
      text.append("    ").append(binary.path()).append("  ").append(binary.artifact()).append(' ')
          .append(binary.version()).append("  sha256 ").append(binary.sha256()).append('\n');
    }
    return text.toString();
  }

  private static Path local(Path root, String remotePath) {
    return root.resolve(remotePath.substring(1));
  }

  private static void setMode(Path path, int bits) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, permissions(bits));
    }
  }

  /** The POSIX permission set of the low nine mode bits (setuid, setgid and sticky are not kept). */
  public static Set<PosixFilePermission> permissions(int bits) {
    return AtomicFiles.permissions(bits);
  }
}
