package dev.kubestrap.transport.ssh;

import dev.kubestrap.transport.HostSha256;
import dev.kubestrap.transport.internal.TempNames;

/**
 * The POSIX {@code sh} scripts behind the file operations. Each is a constant; paths and values arrive
 * as positional parameters, so nothing a caller passes is ever parsed by the shell. They need only
 * coreutils ({@code sha256sum}, {@code tee}, {@code base64}, {@code chmod}, {@code chown}, {@code mv}, {@code rm},
 * {@code mkdir}; {@code openssl} is used for hashing when installed).
 */
final class RemoteScripts {
  private RemoteScripts() {}

  /**
   * $1 target: sets {@code t} (the target), {@code d} (its directory), {@code b} (its name), creates the directory
   * when missing and removes stray temporary files of earlier interrupted uploads to the target. Both ways of
   * uploading begin with it.
   */
  private static final String PREPARE_TARGET = String.join("\n",
      "t=$1; d=${t%/*}; [ -n \"$d\" ] || d=/; b=${t##*/}",
      "[ -d \"$d\" ] || mkdir -p -- \"$d\" || exit 1",
      "for f in \"$d\"/.\"$b\"" + TempNames.MARKER + "*; do",
      "  if [ -e \"$f\" ]; then rm -f -- \"$f\" || exit 1; fi",
      "done");

  /** Defines {@code mode_owner}: path, mode, owner[:group] or empty; applies mode and owner. */
  private static final String DEFINE_MODE_OWNER =
      "mode_owner() { chmod \"$2\" -- \"$1\" && { [ -z \"$3\" ] || chown -- \"$3\" \"$1\"; }; }";

  /**
   * {@link #DEFINE_MODE_OWNER}, and defines {@code place} (temporary file, target, mode, owner: applies mode and owner
   * to the temporary file and renames it over the target, or removes it and exits 1), the last step of every upload.
   */
  private static final String DEFINE_PLACE = String.join("\n",
      DEFINE_MODE_OWNER,
      "place() { mode_owner \"$1\" \"$3\" \"$4\" && mv -f -- \"$1\" \"$2\" || { rm -f -- \"$1\"; exit 1; }; }");

  /**
   * Defines {@code keep_if_same} (hash command, wanted sha256, mode, owner): when the target {@code t} is a regular
   * file whose sum is the wanted one, applies mode and owner, prints {@code same} and ends the script. Needs {@link
   * #DEFINE_MODE_OWNER}.
   */
  private static final String DEFINE_KEEP_IF_SAME = String.join("\n",
      "keep_if_same() {",
      "  [ -f \"$t\" ] && [ ! -L \"$t\" ] || return 0",
      "  have=$($1 < \"$t\") || exit 1",
      "  [ \"${have%% *}\" = \"$2\" ] || return 0",
      "  mode_owner \"$t\" \"$3\" \"$4\" || exit 1",
      "  echo same; exit 0",
      "}");

  /**
   * $1 target. {@link #PREPARE_TARGET}, then prints the sha256 of the target when it is a regular file (nothing
   * otherwise).
   */
  static final String PREPARE_PUT = String.join("\n",
      HostSha256.DEFINE,
      PREPARE_TARGET,
      "if [ -f \"$t\" ] && [ ! -L \"$t\" ]; then",
      "  have=$(sha256_stdin < \"$t\") || exit 1",
      "  echo \"${have%% *}\"",
      "fi");

  /**
   * $1 temporary file. Writes stdin to it (readable by its owner only) and prints the sha256 of what it
   * holds. With OpenSSL the file is written by {@code cat} and hashed when complete, reading it back
   * from the page cache: one process and one pipe fewer per byte than {@code tee} into a hashing pipe
   * (105 MB through OpenSSH: 1.09 s against 1.38 s), and the sum is of the stored bytes. Without OpenSSL,
   * {@code tee} keeps the slower {@code sha256sum} hashing while the bytes arrive rather than after.
   * If writing fails, the rest of stdin is read and dropped and a marker takes the sum's place (or
   * joins the hashed stream), so the printed sum cannot match and the upload is refused.
   */
  static final String RECEIVE = String.join("\n",
      "umask 077",
      "if command -v openssl >/dev/null 2>&1; then",
      "  if cat > \"$1\"; then openssl dgst -sha256 -r < \"$1\"; else cat > /dev/null; echo kubestrap-write-failed; fi",
      "else",
      "  { tee -- \"$1\" || echo kubestrap-write-failed; } | sha256sum",
      "fi");

  /**
   * $1 target, $2 temporary file beside it, $3 the content's sha256, $4 mode, $5 owner[:group] or empty, $6 the
   * content in base64. A small upload in one command: what {@link #PREPARE_PUT}, {@link #RECEIVE} and
   * {@link #FINISH_PUT} do in three. Prints {@code same} when the target already holds the content (only mode and
   * owner are applied), {@code sent} once the verified file is renamed over the target. Run in a command shell's
   * subshell ({@link CommandShell#runScript}), never as {@code sh -c} with arguments: the content, a private key
   * perhaps, reaches {@code base64} through a pipe from the shell's built-in {@code printf} and never appears in any
   * process's arguments on the host. {@code sha256sum} hashes here, as it starts faster than OpenSSL and the
   * content is small.
   */
  static final String PUT_SMALL = String.join("\n",
      DEFINE_PLACE,
      DEFINE_KEEP_IF_SAME,
      PREPARE_TARGET,
      "keep_if_same sha256sum \"$3\" \"$4\" \"$5\"",
      "umask 077",
      "printf '%s' \"$6\" | base64 -d > \"$2\" || { rm -f -- \"$2\"; exit 1; }",
      "have=$(sha256sum < \"$2\") || { rm -f -- \"$2\"; exit 1; }",
      "if [ \"${have%% *}\" != \"$3\" ]; then",
      "  rm -f -- \"$2\"; echo \"checksum mismatch: sent $3, stored ${have%% *}\" >&2; exit 1",
      "fi",
      "place \"$2\" \"$t\" \"$4\" \"$5\"",
      "echo sent");

  /** The exit code of {@link #RECEIVE_PINNED} when the bytes it stored are not the pinned content. */
  static final int NOT_THE_PIN = 3;

  /**
   * $1 target, $2 the pinned sha256, $3 mode, $4 owner[:group] or empty. {@link #PREPARE_TARGET}, then prints {@code
   * same} when the target is a regular file with the pinned content (after applying mode and owner), else {@code send}.
   */
  static final String PREPARE_PINNED = String.join("\n",
      HostSha256.DEFINE,
      DEFINE_MODE_OWNER,
      DEFINE_KEEP_IF_SAME,
      PREPARE_TARGET,
      "keep_if_same sha256_stdin \"$2\" \"$3\" \"$4\"",
      "echo send");

  /**
   * $1 temporary file, $2 target, $3 the pinned sha256, $4 mode, $5 owner[:group] or empty. {@link #RECEIVE} and
   * {@link #FINISH_PUT} in one command, with the pinned sum in place of one taken on this machine: writes stdin to the
   * temporary file (readable by its owner only), hashes what it stored and renames it over the target, with mode and
   * owner, only when that is the pinned sum; prints {@code sent}. On a failed write it reads the rest of stdin, so the
   * sender sees this answer and not a broken pipe; on any failure it removes the temporary file and exits 1, or
   * {@link #NOT_THE_PIN} when what it stored is not the pinned content.
   */
  static final String RECEIVE_PINNED = String.join("\n",
      DEFINE_PLACE,
      "umask 077",
      "if command -v openssl >/dev/null 2>&1; then",
      "  if cat > \"$1\"; then have=$(openssl dgst -sha256 -r < \"$1\"); else cat > /dev/null; have=; fi",
      "else",
      // tee's failure goes to fd 3, ahead of the sum (sha256sum ends only after the group does)
      "  have=$( { { tee -- \"$1\" || printf 'write-failed ' >&3; } | sha256sum; } 3>&1 )",
      "  case $have in write-failed*) have= ;; esac",
      "fi",
      "have=${have%% *}",
      "if [ \"$have\" != \"$3\" ]; then",
      "  rm -f -- \"$1\"",
      "  [ -n \"$have\" ] || { echo \"writing $1 failed\" >&2; exit 1; }",
      "  echo \"checksum mismatch: pinned $3, stored $have\" >&2; exit " + NOT_THE_PIN,
      "fi",
      "place \"$1\" \"$2\" \"$4\" \"$5\"",
      "echo sent");

  /** $1 path, $2 mode, $3 owner[:group] or empty. */
  static final String APPLY_MODE = DEFINE_MODE_OWNER + "\nmode_owner \"$1\" \"$2\" \"$3\"";

  /**
   * $1 verified temporary file, $2 target, $3 mode, $4 owner[:group] or empty. Applies mode and owner
   * and renames over the target; removes the temporary file on any failure.
   */
  static final String FINISH_PUT = DEFINE_PLACE + "\nplace \"$1\" \"$2\" \"$3\" \"$4\"";


  /** $1 path: prints the sha256 of a regular file, nothing when absent, fails for anything else. */
  static final String SHA256 = String.join("\n",
      HostSha256.DEFINE,
      "if [ -f \"$1\" ]; then have=$(sha256_stdin < \"$1\") || exit 1; echo \"${have%% *}\";",
      "elif [ -e \"$1\" ]; then echo \"not a regular file\" >&2; exit 3; fi");

  /** $1 path: exit 0 when anything (also a dangling link) is there, 1 when nothing is. */
  static final String EXISTS = "[ -e \"$1\" ] || [ -L \"$1\" ]";

  /**
   * $0 seconds, $@ the command: runs the command under coreutils {@code timeout}, which kills its whole
   * process group with KILL once the seconds have passed; runs it plainly where {@code timeout} is missing.
   */
  static final String WATCHDOG =
      "if command -v timeout >/dev/null 2>&1; then exec timeout -s KILL \"$0\" \"$@\"; else exec \"$@\"; fi";

  /**
   * $1 token, then the command: runs the command with its stderr saved in a private temporary file, and prints
   * the token, lets the command write stdout, then prints the token again and the saved stderr; exits with the
   * command's status. So a session channel carries one stream (see {@link ChannelOutput}). The file is removed on
   * every way out.
   */
  static final String ONE_STREAM = String.join("\n",
      "t=$1; shift",
      "e=$(mktemp \"${TMPDIR:-/tmp}/kubestrap-stderr.XXXXXXXX\") || exit 125",
      "trap 'rm -f \"$e\"' EXIT",
      "trap 'rm -f \"$e\"; exit 129' HUP; trap 'rm -f \"$e\"; exit 143' TERM; trap 'rm -f \"$e\"; exit 141' PIPE",
      "printf '%s' \"$t\"",
      "\"$@\" 2>\"$e\"",
      "s=$?",
      "printf '%s' \"$t\"",
      "cat \"$e\"",
      "exit \"$s\"");

  /**
   * $@ the command: runs it with stderr joined to stdout, the outermost layer of every session channel, so that
   * sudo's prompt and messages, which come before the command's own redirection, reach the one stream too.
   */
  static final String JOIN_STDERR = "exec 2>&1; exec \"$@\"";

  /** $1 directory, $2 mode, $3 owner[:group] or empty. */
  static final String MKDIRS = DEFINE_MODE_OWNER + "\nmkdir -p -- \"$1\" && mode_owner \"$1\" \"$2\" \"$3\"";
}
