package dev.kubestrap.standin;

import dev.kubestrap.reference.Flag;
import dev.kubestrap.reference.FlagList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stand-in's command line, checked the way the official program would check it, only stricter: every flag must
 * be in the official list for the minor version, none may be deprecated, and every flag that names an input file
 * must name a readable regular file. Accepts {@code --flag=value}, and {@code --flag value} for non-boolean flags.
 */
public final class StandInFlags {
  private static final List<String> FILE_SUFFIXES = List.of("-file", "-cafile", "-certfile", "-keyfile",
      "kubeconfig", "-config", "-certificate", "-certificate-authority", "-client-key");

  private final String program;
  private final Map<String, String> values;

  private StandInFlags(String program, Map<String, String> values) {
    this.program = program;
    this.values = Collections.unmodifiableMap(values);
  }

  /**
   * Parses and checks {@code args} against the official flags of {@code program} at {@code minor}.
   *
   * @throws StandInRefusal for an unknown or deprecated flag, a missing value, or a missing or unreadable file
   */
  public static StandInFlags parse(String program, String minor, List<String> args) {
    FlagList official = FlagList.kubernetes(program, minor);
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("-")) {
        throw new StandInRefusal(program, "unexpected argument '" + arg + "'");
      }
      int equals = arg.indexOf('=');
      String name = FlagList.normalize(equals < 0 ? arg : arg.substring(0, equals));
      Flag flag = official.find(name).orElseThrow(() -> new StandInRefusal(program,
          "unknown flag: " + name + " (not in the official " + minor + " flag list)"));
      if (flag.deprecated()) {
        throw new StandInRefusal(program, "deprecated flag: " + name + " (deprecated in " + minor + ")");
      }
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (flag.type().equals("bool") || flag.type().isEmpty()) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new StandInRefusal(program, "flag needs an argument: " + name);
      }
      values.put(name, value);
    }
    StandInFlags flags = new StandInFlags(program, values);
    flags.requireReadableFiles();
    return flags;
  }

  /** Whether {@code name} (with leading dashes) names an input file by the official naming conventions. */
  static boolean namesInputFile(String name) {
    return FILE_SUFFIXES.stream().anyMatch(name::endsWith);
  }

  private void requireReadableFiles() {
    List<String> problems = new ArrayList<>();
    values.forEach((name, value) -> {
      if (namesInputFile(name) && !value.isEmpty()) {
        Path file = Path.of(value);
        if (!Files.isRegularFile(file)) {
          problems.add(name + "=" + value + ": no such file");
        } else if (!Files.isReadable(file)) {
          problems.add(name + "=" + value + ": not readable");
        }
      }
    });
    if (!problems.isEmpty()) {
      throw new StandInRefusal(program, String.join("; ", problems));
    }
  }

  /** The value of {@code name}, if given. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(FlagList.normalize(name)));
  }

  /** The value of {@code name}, which the stand-in cannot work without. */
  public String require(String name) {
    return get(name).orElseThrow(() -> new StandInRefusal(program, "flag " + FlagList.normalize(name)
        + " is required"));
  }

  /** The value of {@code name} as a file path, which the stand-in cannot work without. */
  public Path requireFile(String name) {
    return Path.of(require(name));
  }

  /** Every flag given, in order, with its value. */
  public Map<String, String> values() {
    return values;
  }

  public String program() {
    return program;
  }
}
