package dev.kubestrap.apply.internal;

import dev.kubestrap.apply.RemoteInspection;
import dev.kubestrap.plan.ArchiveMember;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.HostSha256;
import dev.kubestrap.transport.Transport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A binary obtained by the host itself instead of sent from this machine: downloaded from an {@code http} or
 * {@code https} URL, taken out of an archive downloaded from such a URL ({@link #fromArchive}), or copied
 * (hard-linked where it can) from a file already on the host, into a temporary file beside the target; its sha256
 * checked on the host against the pin; only then given its mode and renamed over the
 * target. Nothing is placed when anything fails, and the caller sends the file itself instead.
 *
 * <p>No curl or wget: plain {@code http} goes through bash's own {@code /dev/tcp} (bash is essential on Debian and
 * Ubuntu and part of every RHEL-family install), {@code https} through {@code openssl s_client} (on Debian and Ubuntu
 * it comes with {@code ca-certificates}, which a host fetching over HTTPS needs anyway; in RHEL's minimal install),
 * verifying the server against the given CA (PEM on stdin; the system's trust store when empty) and its name or
 * address. The request is HTTP/1.0, so the body ends when the server closes the connection; redirects are not
 * followed. The digest, not the transport, is what vouches for the bytes: it travels in the plan over the
 * authenticated SSH connection and the host checks it ({@link HostSha256}: OpenSSL, else {@code sha256sum}).
 */
public final class HostFetch {
  /**
   * Where a host keeps the archives it downloads during an apply, to take their members from: private to root, made
   * anew when a run first needs it, removed when the run ends and by a reset.
   */
  public static final String ARCHIVES = RemoteInspection.HOST_CACHE_DIRECTORY + "/archives";

  /**
   * What both scripts share: the CA (PEM on stdin) in {@code $ca}, the temporary files removed on exit, {@code fetch
   * URL FILE} (the body of an http(s) URL into FILE) and {@code check FILE SHA256 WHAT}.
   */
  private static final String PRELUDE = HostSha256.DEFINE + "\n" + """
      set -u
      tmp= part=
      ca=$(mktemp) || exit 10
      err=$(mktemp) || exit 10
      trap 'rm -f -- "$ca" "$err" ${tmp:+"$tmp"} ${part:+"$part"}' EXIT
      cat > "$ca"
      body() {
        IFS= read -r status || { echo "no response from $1" >&2; return 12; }
        case $status in
          "HTTP/1."?" 200"*) ;;
          *) echo "$1 answered: ${status%$'\\r'}" >&2; return 13 ;;
        esac
        while IFS= read -r line; do [ -z "${line%$'\\r'}" ] && break; done
        cat > "$2"
      }
      fetch() {
        local src=$1 out=$2 scheme rest authority path host port request peer trust codes
        scheme=${src%%://*} rest=${src#*://}
        authority=${rest%%/*} path=/${rest#*/}
        [ "$rest" = "$authority" ] && path=/
        host=${authority%:*} port=${authority##*:}
        if [ "$host" = "$authority" ]; then
          if [ "$scheme" = https ]; then port=443; else port=80; fi
        fi
        request="GET $path HTTP/1.0\\r\\nHost: $authority\\r\\nUser-Agent: kubestrap\\r\\n\\r\\n"
        if [ "$scheme" = http ]; then
          exec 3<>"/dev/tcp/$host/$port" || { echo "cannot connect to $authority" >&2; return 14; }
          printf "$request" >&3
          body "$src" "$out" <&3 || return $?
          exec 3<&-
        else
          command -v openssl >/dev/null || { echo "openssl is not installed" >&2; return 15; }
          if [[ $host =~ ^[0-9.]+$ ]]; then peer=(-verify_ip "$host"); else peer=(-verify_hostname "$host" -servername "$host"); fi
          if [ -s "$ca" ]; then trust=(-CAfile "$ca"); else trust=(); fi
          printf "$request" | openssl s_client -quiet -verify_return_error "${peer[@]}" "${trust[@]}" \\
            -connect "$host:$port" 2>"$err" | body "$src" "$out"
          # A server that closes without TLS close_notify makes OpenSSL 3 exit 1 after a complete body: the body
          # and its digest decide, the exit code only explains a body that never came.
          codes=("${PIPESTATUS[@]}")
          if [ "${codes[2]}" != 0 ]; then
            [ "${codes[1]}" != 0 ] && echo "TLS to $authority failed: $(tail -n 3 "$err")" >&2
            return 14
          fi
        fi
      }
      check() {
        local actual
        actual=$(sha256_stdin < "$1") || return 10
        actual=${actual%% *}
        [ "$actual" = "$2" ] || { echo "sha256 of $3 is $actual, not the pinned $2" >&2; return 16; }
      }
      """;

  private static final String TEMP_BESIDE_TARGET =
      "tmp=$(mktemp \"${target%/*}/.${target##*/}" + Transport.TEMP_MARKER + "XXXXXXXXXXXXXXXX\") || exit 10\n";

  private static final String SCRIPT = PRELUDE + """
      src=$1 sha=$2 target=$3 mode=$4
      """ + TEMP_BESIDE_TARGET + """
      case $src in
        /*) ln -f -- "$src" "$tmp" 2>/dev/null || cp -- "$src" "$tmp" || exit 11 ;;
        http://*|https://*) fetch "$src" "$tmp" || exit $? ;;
        *) echo "unsupported source $src" >&2; exit 11 ;;
      esac
      check "$tmp" "$sha" "$src" || exit $?
      chmod "$mode" "$tmp" && mv -f -- "$tmp" "$target"
      """;

  /**
   * The archive is kept in the staging directory under its sha256 once it matched, so the other members of the same
   * archive come from the same download; concurrent placements take turns through a lock file ({@code flock}, where
   * util-linux provides it; without it they may each download, and the renames keep every copy whole).
   */
  private static final String ARCHIVE_SCRIPT = PRELUDE + """
      url=$1 archive_sha=$2 member=$3 sha=$4 target=$5 mode=$6 stage=$7
      case /$member/ in
        */../*|//*) echo "archive member $member would escape the archive" >&2; exit 17 ;;
      esac
      for tool in tar gzip sha256sum; do
        command -v $tool >/dev/null || { echo "$tool is not installed" >&2; exit 15; }
      done
      [ -d "$stage" ] || { echo "the staging directory $stage is gone" >&2; exit 10; }
      archive=$stage/$archive_sha
      if [ ! -f "$archive" ]; then
        exec 9>>"$archive.lock" || exit 10
        command -v flock >/dev/null && flock 9
        if [ ! -f "$archive" ]; then
          part=$(mktemp "$archive.part.XXXXXX") || exit 10
          fetch "$url" "$part" || exit $?
          check "$part" "$archive_sha" "$url" || exit $?
          mv -f -- "$part" "$archive" || exit 10
          part=
        fi
        exec 9>&-
      fi
      """ + TEMP_BESIDE_TARGET + """
      tar -xzOf "$archive" -- "$member" > "$tmp" 2>"$err" \\
        || { echo "cannot take $member from $url: $(tail -n 3 "$err")" >&2; exit 17; }
      check "$tmp" "$sha" "$member in $url" || exit $?
      chmod "$mode" "$tmp" && mv -f -- "$tmp" "$target"
      """;

  private HostFetch() {}

  /** Why a host did not place the file itself; empty when it did. */
  public record Outcome(Optional<String> failure) {
    public boolean placed() {
      return failure.isEmpty();
    }
  }

  /**
   * Has the host download {@code url} to {@code target}, checking {@code sha256} there. {@code trustedCaPem} is the
   * CA that must have signed an https server's certificate; empty for the host's own trust store.
   */
  public static Outcome download(Transport host, URI url, String sha256, String target, FileMode mode,
      String trustedCaPem, Duration timeout) {
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("a host can fetch only http and https URLs: '" + url + "'");
    }
    return run(host, url.toString(), sha256, target, mode, Objects.requireNonNull(trustedCaPem, "trustedCaPem"),
        timeout);
  }

  /** Has the host place its own file {@code source} (hard link, else copy) at {@code target}, checking the digest. */
  public static Outcome copy(Transport host, String source, String sha256, String target, FileMode mode,
      Duration timeout) {
    if (!source.startsWith("/")) {
      throw new IllegalArgumentException("source on the host must be an absolute path: '" + source + "'");
    }
    return run(host, source, sha256, target, mode, "", timeout);
  }

  /**
   * Has the host take {@code member} out of its archive into {@code target}: the archive is downloaded into {@code
   * staging} (once for all its members; see {@link #prepareStaging}) and checked against its sha256 before {@code
   * tar} reads it, and the member against {@code sha256} before it is placed. Needs bash, tar and gzip (essential on
   * Debian and Ubuntu, in every RHEL-family install) and what {@link #download} needs for the URL's scheme.
   */
  public static Outcome fromArchive(Transport host, ArchiveMember member, String sha256, String target, FileMode mode,
      String trustedCaPem, String staging, Duration timeout) {
    return outcome(host.exec(Command.of("bash", "-c", ARCHIVE_SCRIPT, "kubestrap-fetch", member.archive().toString(),
        member.archiveSha256(), member.member(), sha256, target, mode.octal(), staging)
        .withStdin(Objects.requireNonNull(trustedCaPem, "trustedCaPem").getBytes(StandardCharsets.US_ASCII))
        .withTimeout(timeout)));
  }

  /**
   * Makes {@code staging} anew, empty and private (0700), removing whatever an interrupted run left there; empty
   * when done, else why not.
   */
  public static Optional<String> prepareStaging(Transport host, String staging) {
    ExecResult result = host.exec(Command.script("rm -rf -- \"$1\" && mkdir -p -- \"$1\" && chmod 0700 -- \"$1\"",
        staging));
    return result.succeeded() ? Optional.empty()
        : Optional.of("cannot make the staging directory " + staging + ": " + result.stderr().strip());
  }

  /** Removes {@code staging} and the archives in it. */
  public static void removeStaging(Transport host, String staging) {
    host.run(Command.of("rm", "-rf", "--", staging));
  }

  private static Outcome run(Transport host, String source, String sha256, String target, FileMode mode,
      String caPem, Duration timeout) {
    return outcome(host.exec(Command.of("bash", "-c", SCRIPT, "kubestrap-fetch", source, sha256, target,
        mode.octal()).withStdin(caPem.getBytes(StandardCharsets.US_ASCII)).withTimeout(timeout)));
  }

  private static Outcome outcome(ExecResult result) {
    if (result.succeeded()) {
      return new Outcome(Optional.empty());
    }
    String why = result.stderr().strip();
    return new Outcome(Optional.of((why.isEmpty() ? "exit code " + result.exitCode() : why)
        + (result.exitCode() == 127 ? " (bash is not installed)" : "")));
  }
}
