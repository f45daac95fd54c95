package dev.kubestrap.systemd;

import java.util.ArrayList;
import java.util.List;

/**
 * Quotes and splits command lines the way systemd reads {@code ExecStart=} and its siblings
 * (systemd.service(5), "Command lines"): words are separated by whitespace, double or single quotes
 * group a word, C-style backslash escapes work inside and outside quotes, {@code %} starts a
 * specifier (so a literal {@code %} is written {@code %%}) and {@code $} starts a variable (so a
 * literal {@code $} is written {@code $$}).
 *
 * <p>{@link #quote(List)} writes each argument so that systemd hands exactly that string to the
 * program; {@link #split(String)} is its inverse. A word made only of characters that need no
 * protection is written bare; anything else, the empty string included, is double-quoted.
 */
public final class CommandLine {
  private CommandLine() {}

  /** Renders {@code arguments} (program first) as one systemd command line. */
  public static String quote(List<String> arguments) {
    if (arguments.isEmpty()) {
      throw new IllegalArgumentException("command line must have a program: []");
    }
    List<String> words = new ArrayList<>(arguments.size());
    for (String argument : arguments) {
      words.add(quoteWord(argument, true));
    }
    return String.join(" ", words);
  }

  /**
   * Splits a command line as systemd does and undoes {@code %%} and {@code $$}. Other specifiers
   * ({@code %n}) and variables ({@code $FOO}) are returned unresolved, as written.
   *
   * @throws IllegalArgumentException on an unterminated quote, a dangling backslash, a bad escape
   *     or a {@code ;} command separator (one command per line is supported)
   */
  public static List<String> split(String commandLine) {
    List<String> words = new ArrayList<>();
    for (Word word : tokenize(commandLine)) {
      if (word.separator()) {
        throw new IllegalArgumentException("several commands on one line are not supported: '" + commandLine + "'");
      }
      words.add(unescapeSpecifiers(word.text(), true));
    }
    return List.copyOf(words);
  }

  /** The raw words of a command line, quotes and escapes kept, for line-wrapping on render. */
  static List<String> rawWords(String commandLine) {
    return tokenize(commandLine).stream().map(Word::raw).toList();
  }

  /**
   * Quotes one word. {@code escapeDollar} is true for command lines (which expand variables) and
   * false for {@code Environment=} assignments (which do not).
   */
  static String quoteWord(String word, boolean escapeDollar) {
    String escaped = word.replace("%", "%%");
    if (escapeDollar) {
      escaped = escaped.replace("$", "$$");
    }
    if (!escaped.isEmpty() && escaped.chars().allMatch(CommandLine::isBare)) {
      return escaped;
    }
    StringBuilder out = new StringBuilder(escaped.length() + 2).append('"');
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Splits an {@code Environment=} value into its unquoted assignments (no {@code $} handling). */
  static List<String> splitAssignments(String value) {
    List<String> words = new ArrayList<>();
    for (Word word : tokenize(value)) {
      words.add(unescapeSpecifiers(word.text(), false));
    }
    return List.copyOf(words);
  }

  private static boolean isBare(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "_@%$+=:,./-".indexOf(c) >= 0;
  }

  private static String unescapeSpecifiers(String word, boolean dollar) {
    StringBuilder out = new StringBuilder(word.length());
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      boolean doubled = i + 1 < word.length() && word.charAt(i + 1) == c;
      if ((c == '%' || (dollar && c == '$')) && doubled) {
        i++;
      }
      out.append(c);
    }
    return out.toString();
  }

  private record Word(String raw, String text, boolean separator) {}

  private static List<Word> tokenize(String line) {
    List<Word> words = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      while (i < n && isSpace(line.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return words;
      }
      int start = i;
      if (line.charAt(i) == ';' && (i + 1 == n || isSpace(line.charAt(i + 1)))) {
        words.add(new Word(";", ";", true));
        i++;
        continue;
      }
      if (line.startsWith("\\;", i) && (i + 2 == n || isSpace(line.charAt(i + 2)))) {
        words.add(new Word("\\;", ";", false));
        i += 2;
        continue;
      }
      StringBuilder text = new StringBuilder();
      char quote = 0;
      while (i < n) {
        char c = line.charAt(i);
        if (quote == 0 && isSpace(c)) {
          break;
        }
        if (c == '\\') {
          i = unescape(line, i + 1, text);
        } else if (quote != 0 && c == quote) {
          quote = 0;
          i++;
        } else if (quote == 0 && (c == '"' || c == '\'')) {
          quote = c;
          i++;
        } else {
          text.append(c);
          i++;
        }
      }
      if (quote != 0) {
        throw new IllegalArgumentException("unterminated " + quote + " quote in: '" + line + "'");
      }
      words.add(new Word(line.substring(start, i), text.toString(), false));
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** Decodes the escape starting after the backslash at {@code i - 1}; returns the next index. */
  private static int unescape(String line, int i, StringBuilder out) {
    if (i >= line.length()) {
      throw new IllegalArgumentException("dangling backslash at the end of: '" + line + "'");
    }
    char c = line.charAt(i);
    switch (c) {
      case 'a' -> out.append('\u0007');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'v' -> out.append('\u000b');
      case 's' -> out.append(' ');
      case '\\', '"', '\'' -> out.append(c);
      case 'x' -> {
        return appendCodePoint(line, i + 1, 2, 16, out);
      }
      case 'u' -> {
        return appendCodePoint(line, i + 1, 4, 16, out);
      }
      case 'U' -> {
        return appendCodePoint(line, i + 1, 8, 16, out);
      }
      default -> {
        if (c >= '0' && c <= '7') {
          return appendCodePoint(line, i, 3, 8, out);
        }
        throw new IllegalArgumentException("unknown escape '\\" + c + "' in: '" + line + "'");
      }
    }
    return i + 1;
  }

  private static int appendCodePoint(String line, int from, int digits, int radix, StringBuilder out) {
    if (from + digits > line.length()) {
      throw new IllegalArgumentException("truncated escape in: '" + line + "'");
    }
    try {
      out.appendCodePoint(Integer.parseInt(line.substring(from, from + digits), radix));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad escape '" + line.substring(from - 1, from + digits) + "' in: '" + line + "'", e);
    }
    return from + digits;
  }
}
