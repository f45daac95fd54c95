package dev.kubestrap.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of the README and of {@code docs/*.md} is a tagged region of compiled code, word for word:
 * the page says where with a {@code <!-- snippet: path#tag -->} line right before the block. Relative links of
 * those pages point at files that exist.
 */
class DocsSnippetsTest {
  private final DocsTree docs = new DocsTree(Path.of("").toAbsolutePath().getParent());

  /** A check of one page, listing what is wrong with it. */
  private interface PageCheck {
    List<String> problems(Path page) throws IOException;
  }

  private List<String> everyPage(PageCheck check) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path page : docs.pages()) {
      problems.addAll(check.problems(page));
    }
    return problems;
  }

  @Test
  void everyJavaBlockEqualsTheTaggedRegionItsMarkerNames() throws IOException {
    assertThat(everyPage(docs::snippetProblems)).as("documentation snippets out of step with the code").isEmpty();
  }

  @Test
  void everyPageWithJavaHasCheckedSnippets() throws IOException {
    List<String> unchecked = everyPage(page -> {
      List<DocsTree.Block> blocks = docs.javaBlocks(page);
      boolean anyMarked = blocks.stream().anyMatch(block -> block.marker().isPresent());
      return blocks.isEmpty() || anyMarked ? List.of() : List.of(docs.relative(page));
    });

    assertThat(docs.pages()).extracting(docs::relative).contains("README.md", "docs/cluster.md", "docs/pki.md");
    assertThat(unchecked).as("pages with Java blocks but no snippet marker").isEmpty();
  }

  @Test
  void everyRelativeLinkPointsAtAnExistingFile() throws IOException {
    assertThat(everyPage(docs::brokenLinks)).as("relative Markdown links to missing files").isEmpty();
  }
}
