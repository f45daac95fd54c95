package dev.kubestrap.component;

import dev.kubestrap.reference.Flag;
import dev.kubestrap.reference.FlagList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The flags of one program invocation, in the order set; overrides replace a default in place. */
final class Flags {

  private final Map<String, String> values = new LinkedHashMap<>();

  Flags set(String flag, Object value) {
    values.put(FlagList.normalize(flag), String.valueOf(value));
    return this;
  }

  Flags setAll(Map<String, String> overrides) {
    overrides.forEach(this::set);
    return this;
  }

  /**
   * Fails if a flag is missing from {@code list} or deprecated there: kubestrap emits only flags the
   * target version documents as current.
   */
  Flags checkedAgainst(FlagList list) {
    for (String flag : values.keySet()) {
      Optional<Flag> known = list.find(flag);
      if (known.isEmpty() || known.get().deprecated()) {
        throw new ComponentException(list.program() + " " + list.version() + " does not offer the flag "
            + flag + (known.isPresent() ? " (deprecated)" : " (unknown)"));
      }
    }
    return this;
  }

  Map<String, String> asMap() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  List<String> toArguments() {
    List<String> args = new ArrayList<>(values.size());
    values.forEach((flag, value) -> args.add(flag + "=" + value));
    return args;
  }
}
