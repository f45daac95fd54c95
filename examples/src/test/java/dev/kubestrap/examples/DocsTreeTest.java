package dev.kubestrap.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documentation checker finds what it is there to find, on a small repository of its own. */
class DocsTreeTest {
  private static final String SOURCE = """
      class Example {
        void run() {
          // tag::hello[]
          System.out.println("hello");
          // end::hello[]
        }
      }
      """;

  @TempDir
  Path root;

  private DocsTree docs;

  @BeforeEach
  void repository() throws Exception {
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("Example.java"), SOURCE);
    Files.writeString(root.resolve("README.md"), "See [the guide](docs/guide.md).\n");
    docs = new DocsTree(root);
  }

  private Path page(String text) throws Exception {
    return Files.writeString(root.resolve("docs/guide.md"), text);
  }

  @Test
  void aBlockEqualToItsRegionPasses() throws Exception {
    Path page = page("<!-- snippet: Example.java#hello -->\n```java\nSystem.out.println(\"hello\");\n```\n");

    assertThat(docs.snippetProblems(page)).isEmpty();
    assertThat(docs.pages()).extracting(docs::relative).containsExactly("README.md", "docs/guide.md");
  }

  @Test
  void aBlockThatDriftedFromTheCodeIsReportedWithTheDifferingLine() throws Exception {
    Path page = page("<!-- snippet: Example.java#hello -->\n```java\nSystem.out.println(\"hi\");\n```\n");

    assertThat(docs.snippetProblems(page)).singleElement().asString()
        .contains("docs/guide.md:2", "Example.java#hello", "- code: System.out.println(\"hello\");",
            "+ page: System.out.println(\"hi\");");
  }

  @Test
  void unmarkedBlocksMissingFilesAndEmptyRegionsAreReported() throws Exception {
    Path page = page("""
        ```java
        int unchecked = 1;
        ```
        <!-- snippet: Missing.java#hello -->
        ```java
        x();
        ```
        <!-- snippet: Example.java#nothing -->
        ```java
        y();
        ```
        <!-- snippet: Example.java#hello -->
        Some prose instead of a block.
        """);

    assertThat(docs.snippetProblems(page)).hasSize(4).anySatisfy(p -> assertThat(p).contains("without a"))
        .anySatisfy(p -> assertThat(p).contains("Missing.java#hello: no such file"))
        .anySatisfy(p -> assertThat(p).contains("Example.java#nothing: no or empty tagged region"))
        .anySatisfy(p -> assertThat(p).contains("not followed by a fenced block"));
  }

  @Test
  void aPomOrScriptBlockIsCheckedAgainstItsXmlOrHashTaggedRegion() throws Exception {
    Files.writeString(root.resolve("pom.xml"), "<a>\n  <!-- tag::dep[] -->\n  <b/>\n  <!-- end::dep[] -->\n</a>\n");
    Files.writeString(root.resolve("run.sh"), "set -e\n# tag::run[]\nmake test\n# end::run[]\n");
    Path page = page("""
        <!-- snippet: pom.xml#dep -->
        ```xml
        <b/>
        ```
        <!-- snippet: run.sh#run -->
        ```bash
        make check
        ```
        ```bash
        echo unmarked shell is allowed
        ```
        """);

    assertThat(docs.snippetProblems(page)).singleElement().asString().contains("run.sh#run", "- code: make test");
  }

  @Test
  void regionCommentsDelimitASnippetLikeTags() {
    String source = "a();\n  // region greet\n  b();\n    c();\n  // endregion\nd();\n";

    assertThat(DocsTree.region(source, "greet")).isEqualTo("b();\n  c();\n");
    assertThat(DocsTree.region(source, "other")).isEmpty();
  }

  @Test
  void relativeLinksToMissingFilesAreReportedButUrlsAndAnchorsAreNot() throws Exception {
    Path page = page("[ok](../README.md#top) [web](https://kubernetes.io) [here](#section) [gone](other.md)\n");

    assertThat(docs.brokenLinks(page)).containsExactly("docs/guide.md: other.md");
    assertThat(docs.brokenLinks(root.resolve("README.md"))).isEmpty();
  }
}
