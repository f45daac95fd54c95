package dev.kubestrap.binaries;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Turns a verified release file into programs. Archives are unpacked once into a directory beside
 * them, with a {@code SHA256SUMS} manifest, a {@code MEMBERS} file naming the archive member each program was
 * (so a host can take the same member from the same archive itself) and a {@code SOURCE} file naming the archive's
 * sha256 and the selection of programs; a later resolve reuses the directory only for the same archive and
 * selection, re-checks every file against the manifest, and unpacks again if anything differs. (Two
 * archives of one name and version, say two builds from source, share the directory's path.)
 */
final class Unpacker {
  static final String MANIFEST = "SHA256SUMS";
  static final String SOURCE = "SOURCE";
  static final String MEMBERS = "MEMBERS";

  private Unpacker() {}

  static boolean isArchive(String fileName) {
    return fileName.endsWith(".tar.gz") || fileName.endsWith(".tgz");
  }

  /**
   * @param file the verified release file
   * @param extractTo where an archive's programs go (unused for a bare binary)
   */
  static List<LocalBinary> programs(Path file, String sha256, Contents contents, Path extractTo) {
    if (contents instanceof Contents.Bare bare) {
      return List.of(new LocalBinary(bare.name(), file, sha256, size(file)));
    }
    if (!isArchive(file.getFileName().toString())) {
      throw new BinarySourceException(file + " should be a .tar.gz archive");
    }
    String source = source(sha256, contents);
    List<LocalBinary> reused = reuse(extractTo, source, sha256);
    return reused != null ? reused : extract(file, sha256, contents, extractTo, source);
  }

  /** What an unpacking was made from: the archive and which of its members were wanted. */
  private static String source(String archiveSha256, Contents contents) {
    return "archive " + archiveSha256 + "\nselection " + contents.selection() + "\n";
  }

  private static List<LocalBinary> reuse(Path directory, String source, String archiveSha256) {
    Path manifest = directory.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return null;
    }
    // unpacked before members were recorded: unpacked again, so a host can be told which member to take
    if (!Files.isRegularFile(directory.resolve(MEMBERS))) {
      deleteTree(directory);
      return null;
    }
    List<LocalBinary> programs = new ArrayList<>();
    try {
      Path recorded = directory.resolve(SOURCE);
      if (!Files.isRegularFile(recorded) || !Files.readString(recorded, StandardCharsets.UTF_8).equals(source)) {
        deleteTree(directory);
        return null;
      }
      Map<String, String> members = readMembers(directory.resolve(MEMBERS));
      for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
        String[] parts = line.split("  ", 2);
        Path program = directory.resolve(parts[1]);
        if (!Files.isRegularFile(program) || !Sha256.of(program).equals(parts[0])) {
          deleteTree(directory);
          return null;
        }
        programs.add(new LocalBinary(parts[1], program, parts[0], size(program),
            packed(members.get(parts[1]), archiveSha256)));
      }
    } catch (IOException | RuntimeException e) {
      deleteTree(directory);
      return null;
    }
    return programs;
  }

  private static List<LocalBinary> extract(Path archive, String archiveSha256, Contents contents, Path target,
      String source) {
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp");
      TreeMap<String, String> digests = new TreeMap<>();
      TreeMap<String, String> members = new TreeMap<>();
      try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
          TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in, 1 << 16))) {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
          String name = entry.isFile() ? contents.select(entry.getName(), (entry.getMode() & 0111) != 0) : null;
          if (name == null) {
            continue;
          }
          if (digests.containsKey(name)) {
            throw new BinarySourceException(archive + " holds two programs named " + name);
          }
          digests.put(name, writeExecutable(tar, temp.resolve(name)));
          members.put(name, entry.getName());
        }
      }
      List<String> missing = contents.required().stream().filter(n -> !digests.containsKey(n)).toList();
      if (digests.isEmpty() || !missing.isEmpty()) {
        throw new BinarySourceException(archive + " lacks the expected programs " + (missing.isEmpty() ? "" : missing));
      }
      StringBuilder manifest = new StringBuilder();
      digests.forEach((name, digest) -> manifest.append(digest).append("  ").append(name).append('\n'));
      Files.writeString(temp.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
      Files.writeString(temp.resolve(SOURCE), source, StandardCharsets.UTF_8);
      StringBuilder memberLines = new StringBuilder();
      // a member whose name a line cannot hold is not recorded: that program is then only ever sent from here
      members.forEach((name, member) -> memberLines.append(member.contains("\n") ? "" : name + "\t" + member + "\n"));
      Files.writeString(temp.resolve(MEMBERS), memberLines, StandardCharsets.UTF_8);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
        // Another resolve unpacked the same archive first; its result is checked like any cached one.
        List<LocalBinary> theirs = reuse(target, source, archiveSha256);
        if (theirs != null) {
          return theirs;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
      temp = null;
      List<LocalBinary> programs = new ArrayList<>();
      digests.forEach((name, digest) -> programs.add(new LocalBinary(name, target.resolve(name), digest,
          size(target.resolve(name)), packed(members.get(name), archiveSha256))));
      return programs;
    } catch (IOException e) {
      throw new BinarySourceException("cannot unpack " + archive + ": " + e, e);
    } finally {
      if (temp != null) {
        deleteTree(temp);
      }
    }
  }

  private static Optional<LocalBinary.Packed> packed(String member, String archiveSha256) {
    return member == null || member.contains("\n") ? Optional.empty()
        : Optional.of(new LocalBinary.Packed(member, archiveSha256));
  }

  /** The {@code MEMBERS} file: program name, a tab, the member path, one a line. */
  private static Map<String, String> readMembers(Path file) throws IOException {
    Map<String, String> members = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        members.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return members;
  }

  private static String writeExecutable(InputStream from, Path to) throws IOException {
    MessageDigest digest = Sha256.digest();
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(to), digest)) {
      from.transferTo(out);
    }
    makeExecutable(to);
    return Sha256.hex(digest);
  }

  /** Sets mode 0755 where the file system supports it; read-only bundles are left as they are. */
  static void makeExecutable(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException | UnsupportedOperationException e) {
      // not ours to change (a read-only bundle) or no POSIX permissions: the upload sets the mode
    }
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new BinarySourceException("cannot read " + file + ": " + e, e);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new BinarySourceException("cannot delete " + root + ": " + e, e);
    }
  }
}
