package dev.kubestrap.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fenced block of the README and the guides is cut from compiled code, checked by what it is (a cluster YAML
 * planned, Maven coordinates against the poms, shell commands against the repository, the README's plan command
 * run), or marked as a program's output; see {@link DocsBlocks}. The checker itself is tried on a small repository.
 */
class DocsBlocksTest {
  @TempDir
  Path scratch;

  @Test
  void everyBlockOfTheReadmeAndTheGuidesIsBacked() throws Exception {
    DocsBlocks blocks = new DocsBlocks(Path.of("").toAbsolutePath().getParent(), scratch);

    assertThat(blocks.problems()).as("documentation blocks that nothing compiles, runs or checks").isEmpty();
  }

  @Test
  void theCheckerRefusesWhatCannotRunAsWritten(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("docs"));
    Files.createDirectories(root.resolve("tool/src/main/java"));
    Files.writeString(root.resolve("pom.xml"), "<project><artifactId>top</artifactId><version>1.0</version></project>");
    Files.writeString(root.resolve("tool/pom.xml"),
        "<project><parent><version>1.0</version></parent><artifactId>kubestrap-tool</artifactId></project>");
    Files.writeString(root.resolve("tool/src/main/java/Runner.java"), "class Runner { String[] c = {\"ip\", \"link\"}; }");
    Files.writeString(root.resolve("run.sh"), "case $1 in up) ;; esac\n");
    Files.writeString(root.resolve("plain.sh"), "true\n");
    Files.setPosixFilePermissions(root.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(root.resolve("README.md"), """
        ```yaml
        hosts: [{name: a, address: 10.1.0.15, roles: [master]}]
        ```
        ```yaml
        hosts: [{name: a, adress: 10.1.0.15, roles: [master]}]
        ```
        ```xml
        <dependency><groupId>dev.kubestrap</groupId><artifactId>kubestrap-tool</artifactId><version>1.0</version></dependency>
        ```
        ```xml
        <dependency><groupId>dev.kubestrap</groupId><artifactId>kubestrap-tool</artifactId><version>0.9</version></dependency>
        ```
        ```bash
        bash run.sh up   # starts it
        ```
        ```bash
        bash run.sh sideways && bash plain.sh && mvn -pl tool,gone test -Dtest=NoSuch#it && curl x | tail -n 1
        ```
        <!-- output -->
        ```
        done in 3 s
        ```
        <!-- output -->
        ```bash
        rm -rf /
        ```
        ```
        unmarked text
        ```
        <!-- commands of: tool/src -->
        ```bash
        ip link add name br0 --type bridge
        ```
        """);

    List<String> problems = new DocsBlocks(root, scratch).problems();

    assertThat(problems).hasSize(6);
    assertThat(problems.get(0)).startsWith("README.md:4 (yaml): ").contains("adress");
    assertThat(problems.get(1)).startsWith("README.md:10 (xml): kubestrap-tool is at version 1.0, not '0.9'");
    assertThat(problems.get(2)).startsWith("README.md:16 (bash): ").contains("run.sh does not know [sideways]",
        "plain.sh is not executable", "no module gone", "no test source for NoSuch", "'curl' is neither a script");
    assertThat(problems.get(3)).startsWith("README.md:24 (bash): <!-- output --> marks a block with a language");
    assertThat(problems.get(4)).startsWith("README.md:27 (no language): neither cut from code");
    assertThat(problems.get(5)).startsWith("README.md:31 (bash): commands of tool/src: not in its sources: [--type]")
        .doesNotContain("[ip");
  }

  @Test
  void shellWordsFollowTheShellsQuotingAndContinuationLines() {
    assertThat(ShellCommands.commands("""
        mvn -q -Dtest='a.**,B' \\
          -Dexec.args="-cp x"   # a comment
        export P=$(bash build.sh --dir | tail -n 1)
        echo 1 > /proc/x 2>&1
        """)).containsExactly(List.of("mvn", "-q", "-Dtest=a.**,B", "-Dexec.args=-cp x"),
        List.of("bash", "build.sh", "--dir"), List.of("tail", "-n", "1"), List.of("echo", "1", "/proc/x"));
  }
}
