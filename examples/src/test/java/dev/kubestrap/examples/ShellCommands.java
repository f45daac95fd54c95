package dev.kubestrap.examples;

import dev.kubestrap.examples.cli.KubestrapCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The commands of a documentation shell block, each checked against the repository:
 * <ul>
 *   <li>{@code bash|sh <script> [args]}: the script exists, is executable, and mentions every argument given;
 *   <li>{@code mvn ...}: every module of {@code -pl} has a pom, every class or package of {@code -Dtest} has a test
 *       source, every class named in {@code -Dexec.args} a main source;
 *   <li>{@code java -jar <module>/target/<artifactId>-<version>.jar ...}: the jar's name is the module's; for the
 *       examples jar the command line is run, in this process, with repository paths resolved and {@code out/...}
 *       sent to a scratch directory, and must exit 0;
 *   <li>{@code jshell --class-path ...}: every jar it names is a module's jar under its real name;
 *   <li>{@code export NAME=$(...)} checks the command inside; {@code tail} and {@code head} may end a pipe.
 * </ul>
 * Anything else is reported: a user could not run it from this repository as written.
 */
final class ShellCommands {
  private static final Set<String> PIPE_ENDS = Set.of("tail", "head");
  private static final Pattern SEPARATOR = Pattern.compile("\\s(?:&&|\\|\\||;|\\|)\\s");
  private static final Pattern JAR = Pattern.compile("([\\w.-]+)/target/([\\w.-]+)\\.jar");
  private static final Pattern MAIN_CLASS = Pattern.compile("\\b([a-z]\\w*(?:\\.[a-z]\\w*)+\\.[A-Z]\\w*)\\b");

  private final Path root;
  private final Path scratch;

  ShellCommands(Path root, Path scratch) {
    this.root = root;
    this.scratch = scratch;
  }

  /** The block's commands as words: continuation lines joined, comments dropped, split at {@code && || ; |}. */
  static List<List<String>> commands(String block) {
    List<List<String>> commands = new ArrayList<>();
    for (String line : block.replace("\\\n", " ").split("\n")) {
      String code = withoutComment(line).strip();
      Matcher export = Pattern.compile("^export \\w+=\\$\\((.*)\\)$").matcher(code);
      if (export.matches()) {
        code = export.group(1);
      }
      for (String part : SEPARATOR.split(code)) {
        List<String> words = words(part).stream()
            .filter(word -> !word.matches("\\d?[<>].*|>>.*")).toList();
        if (!words.isEmpty()) {
          commands.add(words);
        }
      }
    }
    return commands;
  }

  private static String withoutComment(String line) {
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'' && !dbl) {
        single = !single;
      } else if (c == '"' && !single) {
        dbl = !dbl;
      } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** Splits at blanks outside quotes and removes the quotes, as the shell does (no expansion). */
  static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** Why some command of the block cannot run from this repository as written, or empty when all can. */
  Optional<String> problems(String block) throws IOException {
    List<String> problems = new ArrayList<>();
    List<List<String>> commands = commands(block);
    if (commands.isEmpty()) {
      problems.add("no command");
    }
    for (List<String> command : commands) {
      problem(command).ifPresent(problem -> problems.add(String.join(" ", command) + ": " + problem));
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  private Optional<String> problem(List<String> command) throws IOException {
    String program = command.get(0);
    List<String> args = command.subList(1, command.size());
    return switch (program) {
      case "bash", "sh" -> script(args);
      case "mvn" -> maven(args);
      case "java" -> java(args);
      case "jshell" -> jars(String.join(" ", args));
      default -> PIPE_ENDS.contains(program) ? Optional.empty()
          : Optional.of("'" + program + "' is neither a script of this repository nor mvn, java -jar or jshell");
    };
  }

  private Optional<String> script(List<String> args) throws IOException {
    if (args.isEmpty()) {
      return Optional.of("no script named");
    }
    Path script = root.resolve(args.get(0));
    if (!Files.isRegularFile(script)) {
      return Optional.of(args.get(0) + " does not exist");
    }
    if (!Files.isExecutable(script)) {
      return Optional.of(args.get(0) + " is not executable");
    }
    String text = Files.readString(script);
    List<String> unknown = args.stream().skip(1).filter(arg -> !text.contains(arg)).toList();
    return unknown.isEmpty() ? Optional.empty() : Optional.of(args.get(0) + " does not know " + unknown);
  }

  private Optional<String> maven(List<String> args) throws IOException {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-pl") && i + 1 < args.size()) {
        for (String module : args.get(++i).split(",")) {
          if (!Files.isRegularFile(root.resolve(module).resolve("pom.xml"))) {
            problems.add("no module " + module);
          }
        }
      } else if (arg.startsWith("-Dtest=")) {
        for (String test : arg.substring("-Dtest=".length()).split(",")) {
          if (!sourceExists("src/test/java", test.replaceAll("#.*", ""))) {
            problems.add("no test source for " + test);
          }
        }
      } else if (arg.startsWith("-Dexec.args=")) {
        Matcher classes = MAIN_CLASS.matcher(arg);
        while (classes.find()) {
          if (!sourceExists("src/main/java", classes.group(1))) {
            problems.add("no main source for " + classes.group(1));
          }
        }
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", problems));
  }

  /** A class ({@code Name} or {@code a.b.Name}) or a package pattern ({@code a.b.**}) under some module's tree. */
  private boolean sourceExists(String tree, String name) throws IOException {
    boolean pkg = name.endsWith(".**");
    String path = (pkg ? name.substring(0, name.length() - 3) : name).replace('.', '/');
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.map(m -> m.resolve(tree)).filter(Files::isDirectory).toList()) {
        if (pkg ? Files.isDirectory(module.resolve(path)) : name.contains(".")
            ? Files.isRegularFile(module.resolve(path + ".java")) : found(module, name + ".java")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean found(Path tree, String fileName) throws IOException {
    try (Stream<Path> files = Files.walk(tree)) {
      return files.anyMatch(file -> file.getFileName().toString().equals(fileName));
    }
  }

  private Optional<String> java(List<String> args) throws IOException {
    if (args.size() < 2 || !args.get(0).equals("-jar")) {
      return Optional.of("only java -jar <built jar> is checked");
    }
    Optional<String> jar = jars(args.get(1));
    if (jar.isPresent() || !args.get(1).startsWith("examples/")) {
      return jar;
    }
    List<String> cli = args.subList(2, args.size()).stream().map(this::local).toList();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = KubestrapCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(cli.toArray(String[]::new));
    return exit == 0 ? Optional.empty() : Optional.of("exit " + exit + ": " + err + out);
  }

  /** A repository path as an absolute one; {@code out/...} under the scratch directory; other words unchanged. */
  private String local(String word) {
    if (word.startsWith("out/")) {
      return scratch.resolve(word).toString();
    }
    return !word.startsWith("-") && Files.exists(root.resolve(word)) ? root.resolve(word).toString() : word;
  }

  /** Every {@code <module>/target/<name>.jar} in {@code text} is that module's artifactId-version jar. */
  private Optional<String> jars(String text) throws IOException {
    var modules = DocsBlocks.modules(root);
    Matcher jar = JAR.matcher(text);
    List<String> problems = new ArrayList<>();
    while (jar.find()) {
      String module = jar.group(1);
      Path pom = root.resolve(module).resolve("pom.xml");
      String artifact = Files.isRegularFile(pom) ? artifactOf(pom) : null;
      String expected = artifact == null ? null : artifact + "-" + modules.get(artifact);
      if (!jar.group(2).equals(expected)) {
        problems.add(jar.group() + " is not the jar " + module + " builds (" + expected + ".jar)");
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", problems));
  }

  private static String artifactOf(Path pom) throws IOException {
    String text = Files.readString(pom);
    String afterParent = text.contains("</parent>") ? text.substring(text.indexOf("</parent>")) : text;
    Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(afterParent);
    return artifact.find() ? artifact.group(1).strip() : null;
  }
}
