package dev.kubestrap.transport.ssh;

import dev.kubestrap.transport.internal.TempNames;

/**
 * The POSIX {@code sh} scripts behind the file operations. Each is a constant; paths and values arrive
 * as positional parameters, so nothing a caller passes is ever parsed by the shell. They need only
 * coreutils ({@code sha256sum}, {@code chmod}, {@code chown}, {@code mv}, {@code rm}, {@code mkdir}).
 */
final class RemoteScripts {
  private RemoteScripts() {}

  /**
   * $1 target, $2 wanted sha256, $3 mode, $4 owner[:group] or empty. Creates the parent directory,
   * removes stray temporary files of earlier interrupted uploads, and prints {@code skip} (after fixing
   * mode and owner) when the target already has the wanted content, {@code send} otherwise.
   */
  static final String PREPARE_PUT = String.join("\n",
      "t=$1; d=${t%/*}; [ -n \"$d\" ] || d=/; b=${t##*/}",
      "mkdir -p -- \"$d\" || exit 1",
      "for f in \"$d\"/.\"$b\"" + TempNames.MARKER + "*; do",
      "  if [ -e \"$f\" ]; then rm -f -- \"$f\" || exit 1; fi",
      "done",
      "if [ -f \"$t\" ] && [ ! -L \"$t\" ]; then",
      "  have=$(sha256sum < \"$t\") || exit 1",
      "  if [ \"${have%% *}\" = \"$2\" ]; then",
      "    chmod \"$3\" -- \"$t\" || exit 1",
      "    if [ -n \"$4\" ]; then chown -- \"$4\" \"$t\" || exit 1; fi",
      "    echo skip; exit 0",
      "  fi",
      "fi",
      "echo send");

  /**
   * $1 temporary file, $2 target, $3 expected sha256, $4 mode, $5 owner[:group] or empty. Verifies the
   * content, applies mode and owner, and renames over the target; removes the temporary file on any
   * failure.
   */
  static final String FINISH_PUT = String.join("\n",
      "have=$(sha256sum < \"$1\") || { rm -f -- \"$1\"; exit 1; }",
      "if [ \"${have%% *}\" != \"$3\" ]; then",
      "  rm -f -- \"$1\"; echo \"checksum mismatch: sent $3, stored ${have%% *}\" >&2; exit 3",
      "fi",
      "chmod \"$4\" -- \"$1\" && { [ -z \"$5\" ] || chown -- \"$5\" \"$1\"; } && mv -f -- \"$1\" \"$2\" \\",
      "  || { rm -f -- \"$1\"; exit 1; }");

  /** $1 file: writes stdin to it, readable by its owner only. */
  static final String WRITE_STDIN = "umask 077 && cat > \"$1\"";

  /** $1 path: prints the sha256 of a regular file, nothing when absent, fails for anything else. */
  static final String SHA256 = String.join("\n",
      "if [ -f \"$1\" ]; then have=$(sha256sum < \"$1\") || exit 1; echo \"${have%% *}\";",
      "elif [ -e \"$1\" ]; then echo \"not a regular file\" >&2; exit 3; fi");

  /** $1 path: exit 0 when anything (also a dangling link) is there, 1 when nothing is. */
  static final String EXISTS = "[ -e \"$1\" ] || [ -L \"$1\" ]";

  /**
   * $0 seconds, $@ the command: runs the command under coreutils {@code timeout}, which kills its whole
   * process group with KILL once the seconds have passed; runs it plainly where {@code timeout} is missing.
   */
  static final String WATCHDOG =
      "if command -v timeout >/dev/null 2>&1; then exec timeout -s KILL \"$0\" \"$@\"; else exec \"$@\"; fi";

  /** $1 directory, $2 mode, $3 owner[:group] or empty. */
  static final String MKDIRS =
      "mkdir -p -- \"$1\" && chmod \"$2\" -- \"$1\" && { [ -z \"$3\" ] || chown -- \"$3\" \"$1\"; }";
}
