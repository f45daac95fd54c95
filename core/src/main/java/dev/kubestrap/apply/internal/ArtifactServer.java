package dev.kubestrap.apply.internal;

import dev.kubestrap.apply.RemoteInspection;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.ExecResult;
import dev.kubestrap.transport.FileMode;
import dev.kubestrap.transport.PutResult;
import dev.kubestrap.transport.Transport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One host that serves binaries to the others of a closed network during an apply: it receives each binary once into
 * {@value #STAGING} (file name: the sha256), and {@code openssl s_server -WWW} serves that directory over HTTPS with a
 * certificate signed by the cluster CA, as a transient systemd unit ({@value #UNIT}) that lives for the apply only
 * ({@link #stop()}) and at most {@code RuntimeMaxSec} should this machine vanish mid-apply. The staged files stay
 * between applies (a later apply that needs them sends nothing again); the key and certificate are in
 * {@value #RUNTIME} (0700) and removed on stop. Not thread-safe for {@link #start()}/{@link #stop()}; {@link #stage}
 * may be called from any thread.
 */
public final class ArtifactServer {
  /** The staging directory's name in the host's cache directory. */
  public static final String STAGING_NAME = "artifacts";
  public static final String STAGING = RemoteInspection.HOST_CACHE_DIRECTORY + "/" + STAGING_NAME;
  static final String RUNTIME = "/run/kubestrap-artifacts";
  static final String UNIT = "kubestrap-artifacts";

  private final Transport host;
  private final String address;
  private final int port;
  private final String credentialsPem;
  private final Duration lifetime;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  /** Digests found or placed in staging by this server: each is checked on the host once, not once per fetcher. */
  private final Set<String> staged = ConcurrentHashMap.newKeySet();
  private volatile Optional<String> failure;
  private volatile boolean started;

  /**
   * @param credentialsPem the server's certificate (for {@code address}, signed by the CA the others trust) followed
   *     by its private key
   */
  public ArtifactServer(Transport host, String address, int port, String credentialsPem, Duration lifetime) {
    this.host = host;
    this.address = address;
    this.port = port;
    this.credentialsPem = credentialsPem;
    this.lifetime = lifetime;
  }

  /** Where another host downloads the binary with {@code sha256}. */
  public URI url(String sha256) {
    return URI.create("https://" + address + ":" + port + "/" + sha256);
  }

  /** The staged copy of {@code sha256} on the serving host. */
  public static String stagedPath(String sha256) {
    return STAGING + "/" + sha256;
  }

  /**
   * Starts serving, once; later calls return the first outcome. Empty when serving, else why not (then every host
   * is sent its files itself).
   */
  public synchronized Optional<String> start() {
    if (failure != null) {
      return failure;
    }
    String script = """
        set -eu
        umask 077
        mkdir -p -m 0755 "$1"
        mkdir -p -m 0700 "$2"
        cat > "$2/server.pem"
        systemctl stop "$3.service" 2>/dev/null || true
        systemctl reset-failed "$3.service" 2>/dev/null || true
        command -v openssl >/dev/null || { echo "openssl is not installed on the serving host" >&2; exit 15; }
        systemd-run --quiet --unit="$3" --property=RuntimeMaxSec="$5" --property=WorkingDirectory="$1" \\
          --property=ExecStopPost="/bin/rm -rf $2" \\
          openssl s_server -quiet -WWW -accept "$4" -cert "$2/server.pem" -key "$2/server.pem"
        for i in $(seq 1 100); do
          if ss -Htlnp "sport = :$4" | grep -q '"openssl"'; then exit 0; fi
          systemctl is-active --quiet "$3.service" || break
          sleep 0.1
        done
        echo "the artifact server did not listen on port $4: $(journalctl -u "$3.service" -n 5 --no-pager 2>&1)" >&2
        exit 1
        """;
    ExecResult result = host.exec(Command.script(script, STAGING, RUNTIME, UNIT, Integer.toString(port),
        Long.toString(lifetime.toSeconds())).withStdin(credentialsPem.getBytes(StandardCharsets.US_ASCII)).sensitive());
    failure = result.succeeded() ? Optional.empty()
        : Optional.of("serving from " + host.target() + " failed: " + result.stderr().strip());
    started = result.succeeded();
    return failure;
  }

  /**
   * Makes sure the serving host holds the binary in its staging directory: a no-op when it does, else sent from
   * {@code localFile}. Returns the bytes sent. Concurrent calls for one digest send it once.
   */
  public long stage(String sha256, Path localFile) {
    synchronized (locks.computeIfAbsent(sha256, k -> new Object())) {
      if (staged.contains(sha256)) {
        return 0;
      }
      String path = stagedPath(sha256);
      long sent = 0;
      if (!host.sha256(path).map(sha256::equals).orElse(false)) {
        host.mkdirs(STAGING, FileMode.of(0755));
        PutResult result = host.put(localFile, path, FileMode.of(0644));
        if (!sha256.equals(result.sha256())) {
          throw new IllegalStateException("staged " + localFile + " has sha256 " + result.sha256() + ", not " + sha256);
        }
        sent = result.bytesSent();
      }
      staged.add(sha256);
      return sent;
    }
  }

  /** Stops serving and removes the key; the staged binaries stay. A no-op when not started. */
  public synchronized void stop() {
    if (!started) {
      return;
    }
    started = false;
    host.exec(Command.script("systemctl stop \"$1.service\" 2>/dev/null; systemctl reset-failed \"$1.service\" "
        + "2>/dev/null; rm -rf -- \"$2\"", UNIT, RUNTIME));
  }

  /** The serving host's transport. */
  public Transport host() {
    return host;
  }
}
