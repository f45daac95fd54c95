package dev.kubestrap.binaries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@value #FILE_NAME} that kubestrap's {@code programs/build.sh} writes beside the programs it
 * built from their Go modules: one row per file, tab-separated, with lines starting with {@code #}
 * as the header. Columns: file, component, version, arch, sha256, module, note. Components of
 * container images are written {@code image:<repository>}.
 *
 * <p>Its digests are what was built, not the official release digests: a directory that has one is
 * reported as {@link Verification#BUILT_FROM_SOURCE}.
 */
public record BuildManifest(Path file, List<Entry> entries) {
  /** The manifest's file name in a directory of built programs. */
  public static final String FILE_NAME = "manifest.tsv";

  /** One built file. */
  public record Entry(String file, String component, String version, Arch arch, String sha256, String module,
      String note) {
    /** True for a container image archive rather than a program. */
    public boolean isImage() {
      return component.startsWith("image:");
    }

    /** The image reference ({@code repository:tag}) of an image archive. */
    public String imageReference() {
      if (!isImage()) {
        throw new IllegalStateException(file + " is a program, not an image archive");
      }
      return component.substring("image:".length()) + ":" + version;
    }
  }

  public BuildManifest {
    entries = List.copyOf(entries);
  }

  /** The manifest in {@code directory}, if it has one. */
  public static Optional<BuildManifest> in(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
  }

  /** Reads a manifest, refusing a malformed row with its line number. */
  public static BuildManifest read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BinarySourceException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      if (cells.length != 7) {
        throw new BinarySourceException(file + ":" + (i + 1) + ": expected 7 tab-separated columns, got "
            + cells.length);
      }
      try {
        entries.add(new Entry(cells[0], cells[1], Artifact.version(cells[2]), Arch.of(cells[3]),
            Artifact.sha256(cells[4]), cells[5], cells[6]));
      } catch (IllegalArgumentException e) {
        throw new BinarySourceException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new BuildManifest(file, entries);
  }

  /** The row for a program release file. */
  public Optional<Entry> program(String component, String version, Arch arch) {
    String plain = Artifact.version(version);
    return entries.stream()
        .filter(e -> !e.isImage() && e.component().equals(component) && e.version().equals(plain) && e.arch() == arch)
        .findFirst();
  }

  /** The container image archives, in the manifest's order. */
  public List<Entry> images() {
    return entries.stream().filter(Entry::isImage).toList();
  }
}
