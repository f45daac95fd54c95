package dev.kubestrap.apply.internal;

import dev.kubestrap.apply.RemoteInspection;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.Transport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Inspects all paths of a phase with one shell command. Output, one line per path, path last so that
 * spaces in it survive: {@code D <mode> <user> <group> <path>}, {@code F <sha256> <mode> <user> <group>
 * <path>}, {@code O <path>} (neither), {@code M <path>} (missing).
 */
public final class BatchedInspection implements RemoteInspection {
  private static final String SCRIPT = String.join("\n",
      "for p do",
      "  if [ -d \"$p\" ]; then printf 'D %s %s\\n' \"$(stat -c '%a %U %G' -- \"$p\")\" \"$p\"",
      "  elif [ -f \"$p\" ]; then printf 'F %s %s %s\\n' \"$(sha256sum -- \"$p\" | cut -d' ' -f1)\""
          + " \"$(stat -c '%a %U %G' -- \"$p\")\" \"$p\"",
      "  elif [ -e \"$p\" ]; then printf 'O %s\\n' \"$p\"",
      "  else printf 'M %s\\n' \"$p\"; fi",
      "done");

  @Override
  public Map<String, RemoteState> inspect(Transport host, Collection<String> directories, Collection<String> files) {
    List<String> paths = new ArrayList<>(directories);
    paths.addAll(files);
    Map<String, RemoteState> states = new HashMap<>();
    if (paths.isEmpty()) {
      return states;
    }
    ExecResult result = host.run(Command.script(SCRIPT, paths.toArray(String[]::new)));
    for (String line : result.stdout().split("\n")) {
      parse(line, states);
    }
    return states;
  }

  static void parse(String line, Map<String, RemoteState> states) {
    if (line.length() < 3) {
      return;
    }
    String[] f = line.split(" ", line.charAt(0) == 'F' ? 6 : line.charAt(0) == 'D' ? 5 : 2);
    switch (line.charAt(0)) {
      case 'D' -> states.put(f[4], new RemoteState(RemoteState.Kind.DIRECTORY, Optional.empty(),
          Integer.parseInt(f[1], 8), f[2], f[3]));
      case 'F' -> states.put(f[5], new RemoteState(RemoteState.Kind.FILE, Optional.of(f[1]),
          Integer.parseInt(f[2], 8), f[3], f[4]));
      case 'O' -> states.put(f[1], new RemoteState(RemoteState.Kind.OTHER, Optional.empty(), -1, "", ""));
      case 'M' -> states.put(f[1], RemoteState.MISSING);
      default -> { }
    }
  }
}
