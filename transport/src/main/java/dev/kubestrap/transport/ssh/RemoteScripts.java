package dev.kubestrap.transport.ssh;

import dev.kubestrap.transport.internal.TempNames;

/**
 * The POSIX {@code sh} scripts behind the file operations. Each is a constant; paths and values arrive
 * as positional parameters, so nothing a caller passes is ever parsed by the shell. They need only
 * coreutils ({@code sha256sum}, {@code tee}, {@code chmod}, {@code chown}, {@code mv}, {@code rm},
 * {@code mkdir}; {@code openssl} is used for hashing when installed).
 */
final class RemoteScripts {
  private RemoteScripts() {}

  /**
   * Defines {@code h}, a SHA-256 filter printing the hex sum first: OpenSSL where present (it uses the
   * CPU's SHA instructions, about four times faster than coreutils), {@code sha256sum} otherwise.
   */
  private static final String HASH_FUNCTION =
      "if command -v openssl >/dev/null 2>&1; then h() { openssl dgst -sha256 -r; }; else h() { sha256sum; }; fi";

  /**
   * $1 target. Creates the parent directory, removes stray temporary files of earlier interrupted
   * uploads, and prints the sha256 of the target when it is a regular file (nothing otherwise).
   */
  static final String PREPARE_PUT = String.join("\n",
      HASH_FUNCTION,
      "t=$1; d=${t%/*}; [ -n \"$d\" ] || d=/; b=${t##*/}",
      "mkdir -p -- \"$d\" || exit 1",
      "for f in \"$d\"/.\"$b\"" + TempNames.MARKER + "*; do",
      "  if [ -e \"$f\" ]; then rm -f -- \"$f\" || exit 1; fi",
      "done",
      "if [ -f \"$t\" ] && [ ! -L \"$t\" ]; then",
      "  have=$(h < \"$t\") || exit 1",
      "  echo \"${have%% *}\"",
      "fi");

  /**
   * $1 temporary file. Writes stdin to it (readable by its owner only) and prints the sha256 of the
   * bytes as they are written, hashing on the fly. If writing fails, a marker joins the hashed stream,
   * so the printed sum cannot match and the upload is refused.
   */
  static final String RECEIVE = String.join("\n",
      HASH_FUNCTION,
      "umask 077",
      "{ tee -- \"$1\" || echo kubestrap-write-failed; } | h");

  /** $1 path, $2 mode, $3 owner[:group] or empty. */
  static final String APPLY_MODE = "chmod \"$2\" -- \"$1\" && { [ -z \"$3\" ] || chown -- \"$3\" \"$1\"; }";

  /**
   * $1 verified temporary file, $2 target, $3 mode, $4 owner[:group] or empty. Applies mode and owner
   * and renames over the target; removes the temporary file on any failure.
   */
  static final String FINISH_PUT = String.join("\n",
      "chmod \"$3\" -- \"$1\" && { [ -z \"$4\" ] || chown -- \"$4\" \"$1\"; } && mv -f -- \"$1\" \"$2\" \\",
      "  || { rm -f -- \"$1\"; exit 1; }");


  /** $1 path: prints the sha256 of a regular file, nothing when absent, fails for anything else. */
  static final String SHA256 = String.join("\n",
      HASH_FUNCTION,
      "if [ -f \"$1\" ]; then have=$(h < \"$1\") || exit 1; echo \"${have%% *}\";",
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
  static final String MKDIRS =
      "mkdir -p -- \"$1\" && chmod \"$2\" -- \"$1\" && { [ -z \"$3\" ] || chown -- \"$3\" \"$1\"; }";
}
