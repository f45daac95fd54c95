package dev.kubestrap.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The README and the guide pages of the repository, read for their Java blocks, snippet markers and links.
 * A marker {@code <!-- snippet: path#tag -->} names a repository-relative source file and the region between
 * {@code // tag::tag[]} and {@code // end::tag[]} in it (or {@code // region tag} and {@code // endregion}); the
 * block after the marker must equal that region with its common indentation removed.
 */
final class DocsTree {
  private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern EXTERNAL = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*:|#|/)");

  /**
   * One fenced block: its first line number (1-based), its language ({@code java}, {@code xml}, {@code bash}...; ""
   * when the fence names none), its text, the snippet marker right before it, and that line itself (stripped).
   */
  record Block(int line, String language, String text, Optional<Marker> marker, String before) {}

  /** A snippet marker: the source file (repository-relative) and the tag. */
  record Marker(String path, String tag) {
    @Override
    public String toString() {
      return path + "#" + tag;
    }
  }

  private final Path root;

  DocsTree(Path root) {
    this.root = root;
  }

  /** {@code README.md} and every {@code docs/*.md}, sorted. */
  List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    try (Stream<Path> files = Files.list(root.resolve("docs"))) {
      files.filter(file -> file.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  String relative(Path page) {
    return root.relativize(page).toString();
  }

  /** The fenced {@code java} blocks of a page, each with the marker on the line before its fence, if any. */
  List<Block> javaBlocks(Path page) throws IOException {
    return blocks(page).stream().filter(block -> block.language().equals("java")).toList();
  }

  /** Every fenced block of a page, with or without a language, each with the marker before its fence, if any. */
  List<Block> blocks(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String fence = lines.get(i).strip();
      if (!fence.startsWith("```")) {
        continue;
      }
      int start = i;
      StringBuilder text = new StringBuilder();
      for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
        text.append(lines.get(i)).append('\n');
      }
      Optional<Marker> marker = Optional.empty();
      if (start > 0) {
        Matcher matcher = MARKER.matcher(lines.get(start - 1).strip());
        if (matcher.matches()) {
          marker = Optional.of(new Marker(matcher.group(1), matcher.group(2)));
        }
      }
      blocks.add(new Block(start + 1, fence.substring(3), text.toString(), marker,
          start > 0 ? lines.get(start - 1).strip() : ""));
    }
    return blocks;
  }

  /**
   * What is wrong with a page's snippets: Java blocks without a marker, dangling markers, marked blocks (of any
   * language: a pom's XML, a script's lines) that differ from their region.
   */
  List<String> snippetProblems(Path page) throws IOException {
    String name = relative(page);
    List<String> problems = new ArrayList<>();
    for (Block block : blocks(page)) {
      if (block.marker().isEmpty()) {
        if (block.language().equals("java")) {
          problems.add(name + ":" + block.line() + ": java block without a <!-- snippet: path#tag --> marker");
        }
        continue;
      }
      Marker marker = block.marker().get();
      Path source = root.resolve(marker.path());
      if (!Files.isRegularFile(source)) {
        problems.add(name + ":" + block.line() + ": " + marker + ": no such file");
        continue;
      }
      String region = region(Files.readString(source), marker.tag());
      if (region.isBlank()) {
        problems.add(name + ":" + block.line() + ": " + marker + ": no or empty tagged region");
      } else if (!region.equals(block.text())) {
        problems.add(name + ":" + block.line() + ": " + marker + " differs from the code:\n"
            + firstDifference(region, block.text()));
      }
    }
    problems.addAll(markersWithoutBlock(page));
    return problems;
  }

  private List<String> markersWithoutBlock(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page);
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (MARKER.matcher(lines.get(i).strip()).matches()) {
        if (i + 1 >= lines.size() || !lines.get(i + 1).strip().matches("```\\w+")) {
          problems.add(relative(page) + ":" + (i + 1) + ": snippet marker not followed by a fenced block");
        }
      }
    }
    return problems;
  }

  /** Relative links of a page whose target file (anchor dropped) does not exist. */
  List<String> brokenLinks(Path page) throws IOException {
    List<String> broken = new ArrayList<>();
    String text = Files.readString(page);
    Matcher matcher = LINK.matcher(text);
    while (matcher.find()) {
      String target = matcher.group(1);
      if (EXTERNAL.matcher(target).find()) {
        continue;
      }
      String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
      if (!Files.exists(page.getParent().resolve(file).normalize())) {
        broken.add(relative(page) + ": " + target);
      }
    }
    return broken;
  }

  /**
   * The lines between {@code // tag::tag[]} and {@code // end::tag[]}, common indentation removed; "" if none.
   * The transport examples delimit theirs as {@code // region tag} ... {@code // endregion}, which is read the same;
   * a pom as {@code <!-- tag::tag[] -->} ... {@code <!-- end::tag[] -->}, a script as {@code # tag::tag[]} ...
   * {@code # end::tag[]}.
   */
  static String region(String source, String tag) {
    List<String> lines = new ArrayList<>();
    String end = null;
    for (String line : source.split("\n", -1)) {
      String stripped = line.strip();
      if (stripped.equals(end)) {
        end = null;
      } else if (end != null) {
        lines.add(line);
      } else if (stripped.equals("// tag::" + tag + "[]")) {
        end = "// end::" + tag + "[]";
      } else if (stripped.equals("<!-- tag::" + tag + "[] -->")) {
        end = "<!-- end::" + tag + "[] -->";
      } else if (stripped.equals("# tag::" + tag + "[]")) {
        end = "# end::" + tag + "[]";
      } else if (stripped.equals("// region " + tag)) {
        end = "// endregion";
      }
    }
    int indent = lines.stream().filter(line -> !line.isBlank())
        .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
    StringBuilder out = new StringBuilder();
    lines.forEach(line -> out.append(line.isBlank() ? "" : line.substring(indent)).append('\n'));
    return out.toString();
  }

  /** The first differing line of the code and the page, numbered within the block. */
  static String firstDifference(String code, String page) {
    String[] expected = code.split("\n", -1);
    String[] actual = page.split("\n", -1);
    for (int i = 0; i < Math.max(expected.length, actual.length); i++) {
      String want = i < expected.length ? expected[i] : "<end of region>";
      String have = i < actual.length ? actual[i] : "<end of block>";
      if (!want.equals(have)) {
        return "  line " + (i + 1) + "\n  - code: " + want + "\n  + page: " + have;
      }
    }
    return "  (line endings differ)";
  }
}
