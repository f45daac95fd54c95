package dev.kubestrap.systemd;

import java.util.List;
import java.util.regex.Pattern;

/** Unit name and path checks shared by the builders. */
final class UnitNames {
  private static final Pattern UNIT = Pattern.compile(
      "[A-Za-z0-9:_.\\\\-]+(@[A-Za-z0-9:_.\\\\-]*)?\\.(service|socket|device|mount|automount|swap|target|path|timer|slice|scope)");

  private UnitNames() {}

  static String check(String field, String unit) {
    if (unit == null || !UNIT.matcher(unit).matches()) {
      throw new IllegalArgumentException(field + " must be a unit name like 'etcd.service': '" + unit + "'");
    }
    return unit;
  }

  /** Checks that a command's program (after systemd's {@code -@:+!} prefixes) is an absolute path. */
  static void checkProgram(String field, List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException(field + " must name a program: []");
    }
    String program = command.get(0).replaceFirst("^[-@:+!|]+", "");
    if (!program.startsWith("/")) {
      throw new IllegalArgumentException(field + " program must be an absolute path: '" + command.get(0) + "'");
    }
  }
}
