package dev.kubestrap.systemd;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Renders and parses the section/directive text shared by units and drop-ins. */
final class UnitFile {
  /** Command-line settings; long ones are wrapped with backslash continuations on render. */
  static final Set<String> COMMAND_KEYS = Set.of(
      "ExecStart", "ExecStartPre", "ExecStartPost", "ExecCondition", "ExecReload", "ExecStop", "ExecStopPost");

  private static final int WRAP_WIDTH = 80;
  private static final String CONTINUATION_INDENT = "  ";

  private UnitFile() {}

  static String render(List<Section> sections) {
    StringBuilder out = new StringBuilder();
    for (Section section : sections) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append('[').append(section.name()).append("]\n");
      for (Directive directive : section.directives()) {
        renderDirective(directive, out);
      }
    }
    return out.toString();
  }

  /**
   * Breaks a long command line before each argument that starts a new flag, so that each flag
   * stands on its own line. systemd joins the lines again, replacing each trailing backslash with
   * a space and dropping the next line's indentation, which gives back the one-line value.
   */
  private static void renderDirective(Directive directive, StringBuilder out) {
    String line = directive.key() + "=" + directive.value();
    if (line.length() <= WRAP_WIDTH || !COMMAND_KEYS.contains(directive.key())) {
      out.append(line).append('\n');
      return;
    }
    List<String> words = CommandLine.rawWords(directive.value());
    out.append(directive.key()).append('=').append(words.get(0));
    for (String word : words.subList(1, words.size())) {
      if (word.startsWith("-")) {
        out.append(" \\\n").append(CONTINUATION_INDENT);
      } else {
        out.append(' ');
      }
      out.append(word);
    }
    out.append('\n');
  }

  static List<Section> parse(String source, String text) {
    List<Section> sections = new ArrayList<>();
    String sectionName = null;
    List<Directive> directives = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNumber = i + 1;
      StringBuilder logical = new StringBuilder(lines[i].strip());
      while (endsWithContinuation(logical) && i + 1 < lines.length) {
        logical.setCharAt(logical.length() - 1, ' ');
        logical.append(lines[++i].strip());
      }
      String line = logical.toString().strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        if (!line.endsWith("]")) {
          throw new IllegalArgumentException(source + ":" + lineNumber + ": bad section header: '" + line + "'");
        }
        if (sectionName != null) {
          sections.add(new Section(sectionName, directives));
        }
        sectionName = line.substring(1, line.length() - 1);
        directives = new ArrayList<>();
        continue;
      }
      int equals = line.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(source + ":" + lineNumber + ": expected Key=value: '" + line + "'");
      }
      if (sectionName == null) {
        throw new IllegalArgumentException(source + ":" + lineNumber + ": directive outside a section: '" + line + "'");
      }
      String key = line.substring(0, equals).strip();
      directives.add(new Directive(key, normalize(key, line.substring(equals + 1).strip())));
    }
    if (sectionName != null) {
      sections.add(new Section(sectionName, directives));
    }
    return List.copyOf(sections);
  }

  /**
   * Whitespace between the words of a command line carries no meaning, and a continuation leaves
   * two spaces where the backslash was; single spaces make a parsed unit equal to the built one.
   */
  private static String normalize(String key, String value) {
    if (!COMMAND_KEYS.contains(key)) {
      return value;
    }
    try {
      return String.join(" ", CommandLine.rawWords(value));
    } catch (IllegalArgumentException e) {
      return value;
    }
  }

  /** True when the line ends in a backslash that is not itself escaped (systemd's rule). */
  static boolean endsWithContinuation(CharSequence line) {
    boolean escaped = false;
    for (int i = 0; i < line.length(); i++) {
      escaped = !escaped && line.charAt(i) == '\\';
    }
    return escaped;
  }
}
