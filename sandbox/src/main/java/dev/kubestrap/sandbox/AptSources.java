package dev.kubestrap.sandbox;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the Debian mirror and suite this machine's apt uses, so that the sandbox root filesystem
 * comes from the same place. Reads the one-line format ({@code sources.list},
 * {@code sources.list.d/*.list}) and the deb822 format ({@code sources.list.d/*.sources}).
 */
final class AptSources {

  /** One {@code deb} source: where it is, which suites, and the keyring it is signed with, if any. */
  record Source(URI uri, List<String> suites, Optional<Path> signedBy) {}

  private AptSources() {}

  /** The suite named by {@code VERSION_CODENAME} in an os-release file. */
  static String suiteOf(Path osRelease) {
    for (String line : readLines(osRelease)) {
      if (line.startsWith("VERSION_CODENAME=")) {
        String value = line.substring("VERSION_CODENAME=".length()).replace("\"", "").strip();
        if (!value.isEmpty()) {
          return value;
        }
      }
    }
    throw new SandboxException("reading the Debian suite from " + osRelease
        + " failed: no VERSION_CODENAME (set it with Sandbox.builder().suite(...))");
  }

  /** The first {@code deb} source under {@code aptDir} that serves exactly {@code suite}. */
  static Source sourceFor(Path aptDir, String suite) {
    return read(aptDir).stream()
        .filter(source -> source.suites().contains(suite))
        .filter(source -> !source.uri().getScheme().equals("cdrom"))
        .findFirst()
        .orElseThrow(() -> new SandboxException("finding the Debian mirror for suite '" + suite
            + "' in " + aptDir + " failed: no 'deb' source lists it (set it with"
            + " Sandbox.builder().mirror(...))"));
  }

  /** Every {@code deb} source, in apt's reading order. */
  static List<Source> read(Path aptDir) {
    List<Source> sources = new ArrayList<>();
    Path list = aptDir.resolve("sources.list");
    if (Files.isRegularFile(list)) {
      sources.addAll(parseOneLine(readLines(list)));
    }
    Path parts = aptDir.resolve("sources.list.d");
    if (Files.isDirectory(parts)) {
      try (Stream<Path> files = Files.list(parts)) {
        for (Path file : files.sorted().toList()) {
          String name = file.getFileName().toString();
          if (name.endsWith(".list")) {
            sources.addAll(parseOneLine(readLines(file)));
          } else if (name.endsWith(".sources")) {
            sources.addAll(parseDeb822(readLines(file)));
          }
        }
      } catch (IOException e) {
        throw new SandboxException("cannot read the apt sources in " + parts + ": " + e, e);
      }
    }
    return sources;
  }

  /** {@code deb [option=value ...] uri suite [component ...]}. */
  static List<Source> parseOneLine(List<String> lines) {
    List<Source> sources = new ArrayList<>();
    for (String raw : lines) {
      String line = stripComment(raw).strip();
      if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
        continue;
      }
      String rest = line.substring(3).strip();
      Optional<Path> signedBy = Optional.empty();
      if (rest.startsWith("[")) {
        int close = rest.indexOf(']');
        if (close < 0) {
          continue;
        }
        for (String option : rest.substring(1, close).strip().split("\\s+")) {
          if (option.startsWith("signed-by=")) {
            signedBy = keyring(option.substring("signed-by=".length()));
          }
        }
        rest = rest.substring(close + 1).strip();
      }
      String[] fields = rest.split("\\s+");
      if (fields.length >= 2) {
        sources.add(new Source(URI.create(fields[0]), List.of(fields[1]), signedBy));
      }
    }
    return sources;
  }

  /** Stanzas of {@code Key: value} fields separated by blank lines. */
  static List<Source> parseDeb822(List<String> lines) {
    List<Source> sources = new ArrayList<>();
    List<String> stanza = new ArrayList<>();
    for (String raw : lines) {
      if (raw.startsWith("#")) {
        continue;
      }
      if (raw.isBlank()) {
        stanzaToSource(stanza).ifPresent(sources::add);
        stanza.clear();
      } else {
        stanza.add(raw);
      }
    }
    stanzaToSource(stanza).ifPresent(sources::add);
    return sources;
  }

  private static Optional<Source> stanzaToSource(List<String> stanza) {
    String types = field(stanza, "Types");
    String uris = field(stanza, "URIs");
    String suites = field(stanza, "Suites");
    String enabled = field(stanza, "Enabled");
    if (!words(types).contains("deb") || uris.isBlank() || suites.isBlank()
        || enabled.equalsIgnoreCase("no")) {
      return Optional.empty();
    }
    String signedBy = field(stanza, "Signed-By");
    return Optional.of(new Source(URI.create(words(uris).get(0)), words(suites),
        signedBy.startsWith("/") ? keyring(words(signedBy).get(0)) : Optional.empty()));
  }

  private static String field(List<String> stanza, String name) {
    String prefix = name.toLowerCase() + ":";
    for (String line : stanza) {
      if (line.toLowerCase().startsWith(prefix)) {
        return line.substring(prefix.length()).strip();
      }
    }
    return "";
  }

  private static Optional<Path> keyring(String value) {
    Path path = Path.of(value);
    return value.startsWith("/") && Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  private static List<String> words(String value) {
    return value.isBlank() ? List.of() : Arrays.asList(value.strip().split("\\s+"));
  }

  private static String stripComment(String line) {
    int hash = line.indexOf('#');
    return hash < 0 ? line : line.substring(0, hash);
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new SandboxException("reading " + file + " failed: " + e.getMessage(), e);
    }
  }
}
