package dev.kubestrap.sandbox.junit;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ${NAME}} in an annotation value: the system property {@code NAME}, else the environment variable. */
final class Placeholders {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

  private final Function<String, String> environment;

  Placeholders(Function<String, String> environment) {
    this.environment = environment;
  }

  /** The value with every placeholder replaced; empty, with a problem added, when one is not set. */
  Optional<String> resolve(String attribute, String value, List<String> problems) {
    Matcher matcher = PLACEHOLDER.matcher(value);
    StringBuilder resolved = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String found = Optional.ofNullable(System.getProperty(name)).orElseGet(() -> environment.apply(name));
      if (found == null || found.isBlank()) {
        problems.add(attribute + " = \"" + value + "\" names ${" + name + "}, which is set neither as a system"
            + " property nor as an environment variable");
        return Optional.empty();
      }
      matcher.appendReplacement(resolved, Matcher.quoteReplacement(found));
    }
    matcher.appendTail(resolved);
    return Optional.of(resolved.toString());
  }
}
