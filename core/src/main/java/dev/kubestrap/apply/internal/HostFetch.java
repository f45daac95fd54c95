package dev.kubestrap.apply.internal;

import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.Transport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A binary obtained by the host itself instead of sent from this machine: downloaded from an {@code http} or
 * {@code https} URL, or copied (hard-linked where it can) from a file already on the host, into a temporary file
 * beside the target; its sha256 checked on the host against the pin; only then given its mode and renamed over the
 * target. Nothing is placed when anything fails, and the caller sends the file itself instead.
 *
 * <p>No curl or wget: plain {@code http} goes through bash's own {@code /dev/tcp} (bash is essential on Debian and
 * Ubuntu and part of every RHEL-family install), {@code https} through {@code openssl s_client} (on Debian and Ubuntu
 * it comes with {@code ca-certificates}, which a host fetching over HTTPS needs anyway; in RHEL's minimal install),
 * verifying the server against the given CA (PEM on stdin; the system's trust store when empty) and its name or
 * address. The request is HTTP/1.0, so the body ends when the server closes the connection; redirects are not
 * followed. The digest, not the transport, is what vouches for the bytes: it travels in the plan over the
 * authenticated SSH connection and {@code sha256sum} checks it on the host.
 */
public final class HostFetch {
  private static final String SCRIPT = """
      set -u
      src=$1 sha=$2 target=$3 mode=$4
      tmp=$(mktemp "${target%/*}/.${target##*/}@TEMP_MARKER@XXXXXXXXXXXXXXXX") || exit 10
      ca=$(mktemp) || exit 10
      err=$(mktemp) || exit 10
      trap 'rm -f -- "$tmp" "$ca" "$err"' EXIT
      cat > "$ca"
      body() {
        IFS= read -r status || { echo "no response from $src" >&2; return 12; }
        case $status in
          "HTTP/1."?" 200"*) ;;
          *) echo "$src answered: ${status%$'\\r'}" >&2; return 13 ;;
        esac
        while IFS= read -r line; do [ -z "${line%$'\\r'}" ] && break; done
        cat > "$tmp"
      }
      case $src in
        /*) ln -f -- "$src" "$tmp" 2>/dev/null || cp -- "$src" "$tmp" || exit 11 ;;
        http://*|https://*)
          scheme=${src%%://*} rest=${src#*://}
          authority=${rest%%/*} path=/${rest#*/}
          [ "$rest" = "$authority" ] && path=/
          host=${authority%:*} port=${authority##*:}
          if [ "$host" = "$authority" ]; then
            if [ "$scheme" = https ]; then port=443; else port=80; fi
          fi
          request="GET $path HTTP/1.0\\r\\nHost: $authority\\r\\nUser-Agent: kubestrap\\r\\n\\r\\n"
          if [ "$scheme" = http ]; then
            exec 3<>"/dev/tcp/$host/$port" || { echo "cannot connect to $authority" >&2; exit 14; }
            printf "$request" >&3
            body <&3 || exit $?
            exec 3<&-
          else
            command -v openssl >/dev/null || { echo "openssl is not installed" >&2; exit 15; }
            if [[ $host =~ ^[0-9.]+$ ]]; then check=(-verify_ip "$host"); else check=(-verify_hostname "$host" -servername "$host"); fi
            if [ -s "$ca" ]; then trust=(-CAfile "$ca"); else trust=(); fi
            printf "$request" | openssl s_client -quiet -verify_return_error "${check[@]}" "${trust[@]}" \\
              -connect "$host:$port" 2>"$err" | body
            # A server that closes without TLS close_notify makes OpenSSL 3 exit 1 after a complete body: the body
            # and its digest decide, the exit code only explains a body that never came.
            codes=("${PIPESTATUS[@]}")
            if [ "${codes[2]}" != 0 ]; then
              [ "${codes[1]}" != 0 ] && echo "TLS to $authority failed: $(tail -n 3 "$err")" >&2
              exit 14
            fi
          fi ;;
        *) echo "unsupported source $src" >&2; exit 11 ;;
      esac
      actual=$(sha256sum < "$tmp") || exit 10
      actual=${actual%% *}
      [ "$actual" = "$sha" ] || { echo "sha256 of $src is $actual, not the pinned $sha" >&2; exit 16; }
      chmod "$mode" "$tmp" && mv -f -- "$tmp" "$target"
      """.replace("@TEMP_MARKER@", Transport.TEMP_MARKER);

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

  private static Outcome run(Transport host, String source, String sha256, String target, FileMode mode,
      String caPem, Duration timeout) {
    ExecResult result = host.exec(Command.of("bash", "-c", SCRIPT, "kubestrap-fetch", source, sha256, target,
        mode.octal()).withStdin(caPem.getBytes(StandardCharsets.US_ASCII)).withTimeout(timeout));
    if (result.succeeded()) {
      return new Outcome(Optional.empty());
    }
    String why = result.stderr().strip();
    return new Outcome(Optional.of((why.isEmpty() ? "exit code " + result.exitCode() : why)
        + (result.exitCode() == 127 ? " (bash is not installed)" : "")));
  }
}
