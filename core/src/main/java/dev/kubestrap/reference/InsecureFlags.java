package dev.kubestrap.reference;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Flag values that switch off or weaken a protection kubestrap sets up ({@code insecure-flags.tsv}): anonymous
 * access, AlwaysAllow authorization, TLS 1.0/1.1, etcd without client certificates, and so on. A flag override
 * matching one of them needs an explicit opt-in and is listed in the plan's warnings.
 */
public final class InsecureFlags {

  /** One insecure setting: a flag of a component, the values that make it insecure, and what it does. */
  public record Rule(String component, String flag, Pattern values, String effect) {
    /** Whether {@code value} is one of the insecure values. */
    public boolean matches(String value) {
      return values.matcher(value.strip()).matches();
    }
  }

  private static final List<Rule> RULES = load();

  private InsecureFlags() {}

  /** The rule {@code value} of {@code flag} (with leading dashes) of {@code component} breaks, if any. */
  public static Optional<Rule> check(String component, String flag, String value) {
    return RULES.stream()
        .filter(r -> r.component().equals(component) && r.flag().equals(flag) && r.matches(value))
        .findFirst();
  }

  /** Every rule, in table order. */
  public static List<Rule> rules() {
    return RULES;
  }

  private static List<Rule> load() {
    TsvResource table = TsvResource.load("insecure-flags.tsv");
    return table.rows().stream()
        .map(row -> new Rule(table.column(row, 0), table.column(row, 1),
            Pattern.compile(table.column(row, 2), Pattern.CASE_INSENSITIVE), table.column(row, 3)))
        .toList();
  }
}
