package dev.kubestrap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of {@code docs/pki.md} are the tagged regions ({@code // tag::name[]} ... {@code // end::name[]})
 * of the compiled example sources, word for word, so the guide cannot drift from code that builds.
 */
class DocsSnippetsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern REGION = Pattern.compile("// tag::([a-z-]+)\\[\\]\\n(.*?)\\n\\s*// end::\\1\\[\\]",
      Pattern.DOTALL);
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL);

  @Test
  void everyJavaSnippetOfThePkiGuideIsATaggedRegionOfTheExamples() throws IOException {
    Map<String, String> regions = new LinkedHashMap<>();
    try (Stream<Path> sources = Files.list(ROOT.resolve("examples/src/main/java/dev/kubestrap/examples/pki"))) {
      for (Path source : sources.toList()) {
        Matcher matcher = REGION.matcher(Files.readString(source));
        while (matcher.find()) {
          regions.put(matcher.group(1), dedent(matcher.group(2)));
        }
      }
    }
    Matcher blocks = JAVA_BLOCK.matcher(Files.readString(ROOT.resolve("docs/pki.md")));
    List<String> snippets = blocks.results().map(result -> result.group(1)).toList();

    assertThat(regions).isNotEmpty();
    assertThat(snippets).hasSameSizeAs(regions.values());
    assertThat(snippets).allSatisfy(snippet -> assertThat(regions.values()).contains(snippet));
  }

  private static String dedent(String region) {
    List<String> lines = region.lines().toList();
    int indent = lines.stream().filter(line -> !line.isBlank())
        .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
    return lines.stream().map(line -> line.length() >= indent ? line.substring(indent) : line.strip())
        .collect(Collectors.joining("\n"));
  }
}
