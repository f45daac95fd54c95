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
 * Inspects all paths of a phase with one shell command running one {@code stat} and one
 * {@code sha256sum} over all of them (a constant number of processes on the host, whatever the number
 * of paths). A path that {@code stat} does not report is missing. The same command first removes the
 * temporary files interrupted uploads left beside the paths ({@code .<name>.kubestrap-tmp-<random>}, see {@link
 * Transport#TEMP_MARKER}): nothing uploads to them while their host's phase is being inspected, and the transport
 * itself removes them only when it uploads the same target again, which never happens once it is up to date.
 */
public final class BatchedInspection implements RemoteInspection {
  private static final String STAT_MARK = "--kubestrap-stat--";
  private static final String SHA_MARK = "--kubestrap-sha256--";
  /** Removes the strays beside every path in {@code "$@"}; the paths are never parsed by the shell. */
  private static final String REMOVE_STRAYS = "for p do d=${p%/*}; b=${p##*/}; for f in \"$d\"/.\"$b\""
      + Transport.TEMP_MARKER + "*; do if [ -f \"$f\" ]; then rm -f -- \"$f\"; fi; done; done";
  private static final String SCRIPT = REMOVE_STRAYS + "; echo " + STAT_MARK + "; stat -c '%f %a %U %G %n' -- \"$@\" 2>/dev/null; "
      + "echo " + SHA_MARK + "; sha256sum -- \"$@\" 2>/dev/null; exit 0";
  private static final int TYPE_MASK = 0xF000;
  private static final int TYPE_DIRECTORY = 0x4000;
  private static final int TYPE_REGULAR = 0x8000;

  private final String prefix;

  /** @param prefix prepended to every path in the command and removed from the output ("" or ".") */
  public BatchedInspection(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Map<String, RemoteState> inspect(Transport host, Collection<String> directories, Collection<String> files) {
    List<String> paths = new ArrayList<>();
    directories.forEach(path -> paths.add(prefix + path));
    files.forEach(path -> paths.add(prefix + path));
    Map<String, RemoteState> states = new HashMap<>();
    if (paths.isEmpty()) {
      return states;
    }
    ExecResult result = host.exec(Command.script(SCRIPT, paths.toArray(String[]::new)));
    String out = result.stdout();
    int stat = out.indexOf(STAT_MARK + "\n");
    int sha = out.indexOf(SHA_MARK + "\n");
    if (stat < 0 || sha < stat) {
      throw new IllegalStateException("inspecting " + paths.size() + " paths failed: exit code "
          + result.exitCode() + ", " + result.stderr().strip());
    }
    Map<String, String> digests = new HashMap<>();
    for (String line : out.substring(sha + SHA_MARK.length() + 1).split("\n")) {
      // "<64 hex>  <path>"; a '\' first means sha256sum escaped an odd path: leave it unknown
      if (line.length() > 66 && line.charAt(0) != '\\') {
        digests.put(line.substring(66), line.substring(0, 64));
      }
    }
    for (String line : out.substring(stat + STAT_MARK.length() + 1, sha).split("\n")) {
      String[] f = line.split(" ", 5);
      if (f.length < 5 || !f[4].startsWith(prefix)) {
        continue;
      }
      int type = Integer.parseInt(f[0], 16) & TYPE_MASK;
      RemoteState.Kind kind = type == TYPE_DIRECTORY ? RemoteState.Kind.DIRECTORY
          : type == TYPE_REGULAR ? RemoteState.Kind.FILE : RemoteState.Kind.OTHER;
      Optional<String> digest = kind == RemoteState.Kind.FILE ? Optional.ofNullable(digests.get(f[4])) : Optional.empty();
      states.put(f[4].substring(prefix.length()),
          new RemoteState(kind, digest, Integer.parseInt(f[1], 8), f[2], f[3]));
    }
    for (String path : paths) {
      states.putIfAbsent(path.substring(prefix.length()), RemoteState.MISSING);
    }
    return states;
  }

  @Override
  public void removeStrays(Transport host, Collection<String> files) {
    if (files.isEmpty()) {
      return;
    }
    ExecResult result = host.exec(Command.script(REMOVE_STRAYS + "; exit 0",
        files.stream().map(path -> prefix + path).toArray(String[]::new)));
    if (!result.succeeded()) {
      throw new IllegalStateException("removing temporary upload files beside " + files.size()
          + " paths failed: exit code " + result.exitCode() + ", " + result.stderr().strip());
    }
  }
}
