package dev.kubestrap.systemd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects directives per section, keeping the order in which sections first appear. */
final class SectionsBuilder {
  private final Map<String, List<Directive>> sections = new LinkedHashMap<>();

  /** {@code order}: sections that come first, in this order, when they get directives. */
  SectionsBuilder(String... order) {
    for (String section : order) {
      sections.put(section, new ArrayList<>());
    }
  }

  SectionsBuilder add(String section, String key, String value) {
    sections.computeIfAbsent(section, s -> new ArrayList<>()).add(new Directive(key, value));
    return this;
  }

  List<Section> build() {
    List<Section> out = new ArrayList<>();
    sections.forEach((name, directives) -> {
      if (!directives.isEmpty()) {
        out.add(new Section(name, directives));
      }
    });
    return out;
  }
}
