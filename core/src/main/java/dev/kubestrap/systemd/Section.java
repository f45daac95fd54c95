package dev.kubestrap.systemd;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code [Name]} section of a unit file: its directives in file order, repeated keys included
 * (several {@code After=} or {@code Environment=} lines stay separate directives).
 */
public record Section(String name, List<Directive> directives) {
  public Section {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.contains("[") || name.contains("]") || !name.equals(name.strip())) {
      throw new IllegalArgumentException("section name must be non-empty, without brackets or padding: '" + name + "'");
    }
    directives = List.copyOf(directives);
  }

  /** Every value given for {@code key}, in file order. */
  public List<String> values(String key) {
    return directives.stream().filter(d -> d.key().equals(key)).map(Directive::value).toList();
  }

  /** The last value given for {@code key} (systemd's rule for single-valued settings). */
  public Optional<String> value(String key) {
    List<String> values = values(key);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }
}
