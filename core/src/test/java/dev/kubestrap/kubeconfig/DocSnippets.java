package dev.kubestrap.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the code in {@code docs/*.md} identical to compiled test code: a block preceded by
 * {@code <!-- snippet: path#tag -->} must equal the lines between {@code // tag::tag[]} and
 * {@code // end::tag[]} of that source file (indentation removed).
 */
public final class DocSnippets {
  private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->\\R```java\\R(.*?)```", Pattern.DOTALL);

  private DocSnippets() {}

  /** The repository root: tests run in the module directory. */
  public static Path repository() {
    return Path.of("").toAbsolutePath().getParent();
  }

  /** Asserts every snippet of {@code docs/<page>} matches its source; returns how many there were. */
  public static int assertSnippetsMatchSources(String page) throws IOException {
    String doc = Files.readString(repository().resolve("docs").resolve(page));
    Matcher matcher = MARKER.matcher(doc);
    int count = 0;
    while (matcher.find()) {
      String source = Files.readString(repository().resolve(matcher.group(1)));
      assertThat(matcher.group(3)).as(page + " snippet " + matcher.group(2)).isEqualTo(region(source, matcher.group(2)));
      count++;
    }
    return count;
  }

  static String region(String source, String tag) {
    List<String> lines = new ArrayList<>();
    boolean inside = false;
    for (String line : source.split("\n", -1)) {
      if (line.strip().equals("// end::" + tag + "[]")) {
        inside = false;
      } else if (inside) {
        lines.add(line);
      } else if (line.strip().equals("// tag::" + tag + "[]")) {
        inside = true;
      }
    }
    assertThat(lines).as("region " + tag).isNotEmpty();
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    StringBuilder out = new StringBuilder();
    lines.forEach(l -> out.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
    return out.toString();
  }
}
