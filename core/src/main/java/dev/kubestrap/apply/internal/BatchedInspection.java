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
 *
 * <p>With a cache directory on the host, a file is hashed only when it changed since it was last hashed there: the
 * host keeps {@value #CACHE_FILE} in that directory (device, inode, size, modification and change time to the
 * nanosecond, sha256, path)
 * and a file whose identity and times are unchanged keeps its recorded digest. Every write to a file, and every
 * replacement of it, changes its change time, which no program can set back; so an unchanged re-apply of hundreds of
 * megabytes of programs reads no program. A file changed in the last two seconds is not recorded yet (a second change
 * within the same clock tick would keep the times). Where {@code awk} is missing or the directory cannot be made, every file is
 * hashed as before.
 */
public final class BatchedInspection implements RemoteInspection {
  private static final String STAT_MARK = "--kubestrap-stat--";
  private static final String SHA_MARK = "--kubestrap-sha256--";
  /** The digest cache in the host's cache directory. */
  public static final String CACHE_FILE = "digests";
  /** Removes the strays beside every path in {@code "$@"}; the paths are never parsed by the shell. */
  private static final String REMOVE_STRAYS = "for p do d=${p%/*}; b=${p##*/}; for f in \"$d\"/.\"$b\""
      + Transport.TEMP_MARKER + "*; do if [ -f \"$f\" ]; then rm -f -- \"$f\"; fi; done; done";
  private static final String SCRIPT = REMOVE_STRAYS + "; echo " + STAT_MARK + "; stat -c '%f %a %U %G %n' -- \"$@\" 2>/dev/null; "
      + "echo " + SHA_MARK + "; sha256sum -- \"$@\" 2>/dev/null; exit 0";
  /**
   * Merges the digests of {@code $work/digests} (sha256sum's format) into the cache for the files of {@code $work/keys};
   * entries of other paths stay. A file changed less than {@code settle} seconds ago is not recorded.
   */
  private static final String MERGE = """
      BEGIN {
        srand(); now = srand()
        while ((getline line < digests) > 0) if (substr(line, 1, 1) != "\\\\") sha[substr(line, 67)] = substr(line, 1, 64)
        while ((getline line < cache) > 0) { i = index(line, "|"); old[substr(line, i + 66)] = line }
      }
      { i = index($0, "|"); rest = substr($0, i + 1); j = index(rest, "|"); path = substr(rest, j + 1); seen[path] = 1
        # a file changed within the last seconds may change again within the same clock tick: not recorded yet
        split(substr(rest, 1, j - 1), k, ":")
        if (/^regular/ && (path in sha) && k[5] + 0 < now - settle) print substr(rest, 1, j - 1) "|" sha[path] "|" path }
      END { for (p in old) if (!(p in seen)) print old[p] }
      """;
  /** $1 is {@link #MERGE}, $2 the cache directory, the paths follow. Prints the same sections as {@link #SCRIPT}. */
  private static final String CACHED_SCRIPT = "merge=$1 dir=$2; shift 2\n" + REMOVE_STRAYS + "\n" + """
      echo %s
      stat -c '%%f %%a %%U %%G %%n' -- "$@" 2>/dev/null
      echo %s
      if ! command -v awk >/dev/null || ! { [ -d "$dir" ] || mkdir -p -m 0700 "$dir" 2>/dev/null; } \
          || ! work=$(mktemp -d "$dir/.inspect.XXXXXX" 2>/dev/null); then
        sha256sum -- "$@" 2>/dev/null; exit 0
      fi
      trap 'rm -rf -- "$work"' EXIT
      cache=$dir/%s
      [ -f "$cache" ] || : > "$cache"
      stat -c '%%F|%%d:%%i:%%s:%%.9Y:%%.9Z|%%n' -- "$@" 2>/dev/null > "$work/keys"
      # keys: "<type>|<key>|<path>"; cache: "<key>|<sha256>|<path>" (a path may hold '|': cut by position)
      awk -v cache="$cache" -v hits="$work/hits" -v miss="$work/miss" '
        BEGIN { while ((getline line < cache) > 0) { i = index(line, "|"); rest = substr(line, i + 1)
                  known[substr(line, 1, i - 1) "|" substr(rest, 66)] = substr(rest, 1, 64) } }
        /^regular/ { i = index($0, "|"); rest = substr($0, i + 1); j = index(rest, "|")
                     key = substr(rest, 1, j - 1) "|" substr(rest, j + 1)
                     if (key in known) print known[key] "  " substr(rest, j + 1) > hits; else print substr(rest, j + 1) > miss }
      ' "$work/keys"
      : >> "$work/hits"; : >> "$work/miss"
      cat "$work/hits"
      # Every file known: the cache already holds what a merge would write (it only drops entries of paths that are
      # no longer regular files, which no lookup can match), so an unchanged host is spared six processes.
      [ -s "$work/miss" ] || exit 0
      tr '\\n' '\\0' < "$work/miss" | xargs -0 -r sha256sum -- 2>/dev/null > "$work/new"
      cat "$work/new"
      cat "$work/hits" "$work/new" > "$work/digests"
      awk -v digests="$work/digests" -v cache="$cache" -v settle=2 "$merge" "$work/keys" > "$work/cache" \
          && mv -f -- "$work/cache" "$cache"
      exit 0
      """.formatted(STAT_MARK, SHA_MARK, CACHE_FILE);
  /**
   * $1 is {@link #MERGE}, $2 the cache directory, the paths follow; stdin holds their digests in sha256sum's format.
   * Records them whatever their age: these are files just placed, whose digests the host verified.
   */
  private static final String REMEMBER_SCRIPT = """
      merge=$1 dir=$2; shift 2
      command -v awk >/dev/null && mkdir -p -m 0700 "$dir" 2>/dev/null \
          && work=$(mktemp -d "$dir/.remember.XXXXXX" 2>/dev/null) || exit 0
      trap 'rm -rf -- "$work"' EXIT
      cache=$dir/%s
      [ -f "$cache" ] || : > "$cache"
      cat > "$work/digests"
      stat -c '%%F|%%d:%%i:%%s:%%.9Y:%%.9Z|%%n' -- "$@" 2>/dev/null > "$work/keys"
      awk -v digests="$work/digests" -v cache="$cache" -v settle=-1000000000 "$merge" "$work/keys" > "$work/cache" \
          && mv -f -- "$work/cache" "$cache"
      exit 0
      """.formatted(CACHE_FILE);

  private static final int TYPE_MASK = 0xF000;
  private static final int TYPE_DIRECTORY = 0x4000;
  private static final int TYPE_REGULAR = 0x8000;

  private final String prefix;
  private final String cacheDirectory;

  /** @param prefix prepended to every path in the command and removed from the output ("" or ".") */
  public BatchedInspection(String prefix) {
    this(prefix, "");
  }

  /**
   * @param prefix prepended to every path in the command and removed from the output ("" or ".")
   * @param cacheDirectory the host directory that keeps the digest cache; "" for none (every file hashed each time)
   */
  /** Whether its commands name the paths as they are on the host (no prefix), as SSH and unrooted local see them. */
  public boolean namesHostPaths() {
    return prefix.isEmpty();
  }

  /** The host directory of the digest cache; empty when it keeps none. */
  public Optional<String> cacheDirectory() {
    return cacheDirectory.isEmpty() ? Optional.empty() : Optional.of(cacheDirectory);
  }

  public BatchedInspection(String prefix, String cacheDirectory) {
    this.prefix = prefix;
    this.cacheDirectory = cacheDirectory;
  }

  /** The one command {@link #inspect} runs for these paths; empty when there are none. */
  @Override
  public Optional<Command> command(Collection<String> directories, Collection<String> files) {
    List<String> paths = prefixed(directories, files);
    if (paths.isEmpty()) {
      return Optional.empty();
    }
    if (cacheDirectory.isEmpty()) {
      return Optional.of(Command.script(SCRIPT, paths.toArray(String[]::new)));
    }
    List<String> args = new ArrayList<>(List.of(MERGE, cacheDirectory));
    args.addAll(paths);
    return Optional.of(Command.script(CACHED_SCRIPT, args.toArray(String[]::new)));
  }

  private List<String> prefixed(Collection<String> directories, Collection<String> files) {
    List<String> paths = new ArrayList<>();
    directories.forEach(path -> paths.add(prefix + path));
    files.forEach(path -> paths.add(prefix + path));
    return paths;
  }

  @Override
  public Map<String, RemoteState> inspect(Transport host, Collection<String> directories, Collection<String> files) {
    List<String> paths = prefixed(directories, files);
    Map<String, RemoteState> states = new HashMap<>();
    Optional<Command> command = command(directories, files);
    if (command.isEmpty()) {
      return states;
    }
    ExecResult result = host.exec(command.get());
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

  /** Records the digests of files just placed (path to sha256), so the next inspection need not read them. */
  @Override
  public void remember(Transport host, Map<String, String> placed) {
    if (cacheDirectory.isEmpty() || placed.isEmpty()) {
      return;
    }
    List<String> args = new ArrayList<>(List.of(MERGE, cacheDirectory));
    StringBuilder digests = new StringBuilder();
    placed.forEach((path, sha256) -> {
      args.add(prefix + path);
      digests.append(sha256).append("  ").append(prefix).append(path).append('\n');
    });
    host.exec(Command.script(REMEMBER_SCRIPT, args.toArray(String[]::new)).withStdin(digests.toString()));
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
