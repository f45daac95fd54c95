package dev.kubestrap.examples;

import dev.kubestrap.cluster.Cluster;
import dev.kubestrap.cluster.ClusterBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks that every fenced block of the README and of {@code docs/*.md} is backed by something that runs. A block
 * passes when it is
 * <ul>
 *   <li>cut from code or a build file: a {@code <!-- snippet: path#tag -->} line before it (compared word for word by
 *       {@link DocsTree#snippetProblems});
 *   <li>a {@code yaml} cluster description that {@link ClusterBuilder#fromYaml(String)} parses, builds and plans
 *       without binaries or hosts;
 *   <li>an {@code xml} block whose {@code dev.kubestrap} artifacts are modules of this repository, at their version;
 *   <li>a {@code bash} or {@code sh} block whose every command is one this repository provides: a script of it
 *       (present, executable, knowing the arguments given), Maven naming existing modules, test classes and main
 *       classes, or a built jar under its real name (see {@link ShellCommands});
 *   <li>marked {@code <!-- output -->} and naming no language: text a program printed, shown as it was ({@code ...} or
 *       {@code …} where a part is left out);
 *   <li>marked {@code <!-- commands of: path -->}: the commands a part of kubestrap runs, shown for the reader to
 *       follow by hand; each program and option in it must occur in the sources under {@code path}.
 * </ul>
 */
final class DocsBlocks {
  static final String OUTPUT = "<!-- output -->";
  private static final Pattern COMMANDS_OF = Pattern.compile("<!-- commands of: (\\S+) -->");
  /** What the code does itself (writes a file) rather than runs, written as the shell would do it. */
  private static final Set<String> SHELL_BUILTINS = Set.of("echo");
  private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);

  private final Path root;
  private final DocsTree docs;
  private final Path scratch;
  private final ShellCommands shell;

  /** Checks the pages under {@code root}; YAML blocks are planned with their state under {@code scratch}. */
  DocsBlocks(Path root, Path scratch) {
    this.root = root;
    this.docs = new DocsTree(root);
    this.scratch = scratch;
    this.shell = new ShellCommands(root, scratch);
  }

  /** What is wrong with the blocks of every page; empty when every block is backed. */
  List<String> problems() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path page : docs.pages()) {
      for (DocsTree.Block block : docs.blocks(page)) {
        String where = docs.relative(page) + ":" + block.line() + " (" + (block.language().isEmpty() ? "no language"
            : block.language()) + ")";
        check(block).ifPresent(problem -> problems.add(where + ": " + problem));
      }
    }
    return problems;
  }

  /** Why a block is not backed, or empty when it is. */
  Optional<String> check(DocsTree.Block block) {
    if (block.marker().isPresent()) {
      return Optional.empty();
    }
    if (block.before().equals(OUTPUT)) {
      // Output is shown as printed; a language on it would claim a check that is not made.
      return block.language().isEmpty() ? Optional.empty()
          : Optional.of(OUTPUT + " marks a block with a language; output blocks name none");
    }
    Matcher commandsOf = COMMANDS_OF.matcher(block.before());
    if (commandsOf.matches()) {
      return commandsOf(block.text(), commandsOf.group(1));
    }
    try {
      return switch (block.language()) {
        case "yaml" -> yaml(block.text());
        case "xml" -> xml(block.text());
        case "bash", "sh" -> shell.problems(block.text());
        default -> Optional.of("neither cut from code (<!-- snippet: path#tag -->), nor checked by its language, nor"
            + " marked " + OUTPUT + " or <!-- commands of: path -->");
      };
    } catch (RuntimeException | IOException e) {
      return Optional.of(e.toString());
    }
  }

  private Optional<String> yaml(String text) throws IOException {
    Path state = Files.createTempDirectory(scratch, "yaml");
    try (Cluster cluster = ClusterBuilder.fromYaml(text).stateDir(state).dryRunBinaries().build()) {
      return cluster.plan().hosts().isEmpty() ? Optional.of("the cluster plans no host") : Optional.empty();
    }
  }

  private Optional<String> xml(String text) throws IOException {
    Map<String, String> modules = modules(root);
    Matcher dependency = DEPENDENCY.matcher(text);
    List<String> problems = new ArrayList<>();
    int seen = 0;
    while (dependency.find()) {
      seen++;
      String body = dependency.group(1);
      Optional<String> group = element(body, "groupId");
      Optional<String> artifact = element(body, "artifactId");
      Optional<String> version = element(body, "version");
      if (!group.equals(Optional.of("dev.kubestrap"))) {
        continue;
      }
      String name = artifact.orElse("");
      if (!modules.containsKey(name)) {
        problems.add("no module has the artifactId '" + name + "' (modules: " + modules.keySet() + ")");
      } else if (version.isPresent() && !version.get().equals(modules.get(name))) {
        problems.add(name + " is at version " + modules.get(name) + ", not '" + version.get() + "'");
      }
    }
    if (seen == 0) {
      problems.add("no <dependency> to check");
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  private static Optional<String> element(String xml, String name) {
    Matcher matcher = Pattern.compile("<" + name + ">\\s*([^<]*?)\\s*</" + name + ">").matcher(xml);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** The artifactId and version of every Maven module of the repository (the root and its direct subdirectories). */
  static Map<String, String> modules(Path root) throws IOException {
    Map<String, String> modules = new LinkedHashMap<>();
    List<Path> poms = new ArrayList<>();
    poms.add(root.resolve("pom.xml"));
    try (Stream<Path> children = Files.list(root)) {
      children.map(child -> child.resolve("pom.xml")).filter(Files::isRegularFile).sorted().forEach(poms::add);
    }
    for (Path pom : poms) {
      Element project = parse(pom).getDocumentElement();
      String version = text(project, "version").or(() -> child(project, "parent").flatMap(p -> text(p, "version")))
          .orElseThrow(() -> new IllegalStateException(pom + " has no version"));
      modules.put(text(project, "artifactId").orElseThrow(), version);
    }
    return modules;
  }

  private static Document parse(Path pom) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(pom.toFile());
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Node> child(Node parent, String name) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node.getNodeType() == Node.ELEMENT_NODE && node.getNodeName().equals(name)) {
        return Optional.of(node);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> text(Node parent, String name) {
    return child(parent, name).map(node -> node.getTextContent().strip());
  }

  private Optional<String> commandsOf(String text, String sources) {
    Path tree = root.resolve(sources);
    if (!Files.exists(tree)) {
      return Optional.of("commands of " + sources + ": no such file or directory");
    }
    String code;
    try (Stream<Path> files = Files.walk(tree)) {
      StringBuilder all = new StringBuilder();
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        all.append(Files.readString(file)).append('\n');
      }
      code = all.toString();
    } catch (IOException e) {
      return Optional.of(e.toString());
    }
    List<String> missing = new ArrayList<>();
    for (List<String> command : ShellCommands.commands(text)) {
      List<String> words = new ArrayList<>();
      if (!SHELL_BUILTINS.contains(command.get(0))) {
        words.add(command.get(0));
      }
      command.stream().skip(1).filter(word -> word.startsWith("-") && word.length() > 1)
          .map(word -> word.contains("=") ? word.substring(0, word.indexOf('=')) : word).forEach(words::add);
      words.stream().filter(word -> !code.contains("\"" + word)).forEach(missing::add);
    }
    return missing.isEmpty() ? Optional.empty()
        : Optional.of("commands of " + sources + ": not in its sources: " + missing);
  }
}
