package dev.kubestrap.apply;

import dev.kubestrap.plan.ArtifactSource;
import dev.kubestrap.plan.HostId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a binary that a host lacks (or holds with another sha256) gets there. Whatever the way, the host ends up with
 * the exact pinned bytes or with nothing new: a host that fetches checks the sha256 itself before anything is placed,
 * and a host that cannot fetch (no route, no tool, a wrong digest) is sent the file over its own connection instead,
 * with a {@link ApplyEvent.Warning} saying why.
 *
 * <ul>
 *   <li>{@link #upload()} (the default): this machine sends every binary to every host that needs it;</li>
 *   <li>{@link #hostsFetch()}: each host downloads a binary from the URL its {@link ArtifactSource#hostUrl()} names
 *       (the official release URL, a mirror, an internal HTTP(S) server), or the archive that
 *       {@link ArtifactSource#hostArchive()} names — the uplink of this machine carries only what hosts cannot
 *       fetch;</li>
 *   <li>{@link #servedBy}: for a closed network, one host receives each binary once and serves it over HTTPS to the
 *       others for the duration of the apply.</li>
 * </ul>
 *
 * <p>Hosts fetch with bash and, for https, {@code openssl s_client}; the serving host runs {@code openssl s_server}
 * as a transient systemd unit. See {@code docs/binaries.md} for why these and not curl.
 */
public final class BinaryDelivery {
  /** The serving host's default port. */
  public static final int DEFAULT_PORT = 8450;
  /** How long a fetch of one binary may take before the host is sent the file instead. */
  public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofMinutes(10);

  enum Kind { UPLOAD, HOSTS_FETCH, SERVED_BY_HOST }

  /** The serving host: who, at which address, and the TLS material it serves and the others trust. */
  record Server(HostId host, String address, int port, String caPem, Supplier<String> credentialsPem) {}

  private final Kind kind;
  private final String trustedCaPem;
  private final Server server;

  private BinaryDelivery(Kind kind, String trustedCaPem, Server server) {
    this.kind = kind;
    this.trustedCaPem = trustedCaPem;
    this.server = server;
  }

  /** This machine sends every binary a host needs (the default). */
  public static BinaryDelivery upload() {
    return new BinaryDelivery(Kind.UPLOAD, "", null);
  }

  /**
   * Each host downloads the binaries whose source names a URL and checks their sha256 itself, or, for a binary whose
   * source names an archive member ({@link ArtifactSource#hostArchive()}), downloads the archive once per apply,
   * checks it and takes the member out with {@code tar}; an https server is trusted through the host's own trust
   * store unless {@link #trusting(String)} names a CA. Binaries without either (a local directory) and hosts that
   * cannot fetch are sent from this machine.
   */
  public static BinaryDelivery hostsFetch() {
    return new BinaryDelivery(Kind.HOSTS_FETCH, "", null);
  }

  /**
   * {@code server} (reached by the others at {@code address}) receives each binary once and serves it on port
   * {@link #DEFAULT_PORT} over HTTPS with the certificate and key {@code credentialsPem} gives when serving starts
   * (certificate first; signed by {@code caPem}, which the other hosts trust for this alone); the others download
   * from it and check each sha256. The server's own copies are linked into place on it.
   *
   * @throws IllegalArgumentException for a blank address or a CA that is not a PEM certificate
   */
  public static BinaryDelivery servedBy(HostId server, String address, String caPem, Supplier<String> credentialsPem) {
    Objects.requireNonNull(server, "server");
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("serving host address must not be blank: '" + address + "'");
    }
    if (caPem == null || !caPem.startsWith("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("caPem must be a PEM certificate, starting with -----BEGIN CERTIFICATE-----");
    }
    return new BinaryDelivery(Kind.SERVED_BY_HOST, caPem,
        new Server(server, address, DEFAULT_PORT, caPem, Objects.requireNonNull(credentialsPem, "credentialsPem")));
  }

  /** A copy whose fetching hosts trust only {@code caPem} for https downloads (an internal server's CA). */
  public BinaryDelivery trusting(String caPem) {
    if (kind != Kind.HOSTS_FETCH) {
      throw new IllegalStateException("trusting(caPem) is for hostsFetch(); servedBy(...) already names its CA");
    }
    if (caPem == null || !caPem.startsWith("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("caPem must be a PEM certificate, starting with -----BEGIN CERTIFICATE-----");
    }
    return new BinaryDelivery(kind, caPem, null);
  }

  /** A copy serving on {@code port} (1–65535) instead of {@link #DEFAULT_PORT}. */
  public BinaryDelivery port(int port) {
    if (kind != Kind.SERVED_BY_HOST) {
      throw new IllegalStateException("port(...) is for servedBy(...)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535: " + port);
    }
    return new BinaryDelivery(kind, trustedCaPem, new Server(server.host(), server.address(), port, server.caPem(),
        server.credentialsPem()));
  }

  Kind kind() {
    return kind;
  }

  String trustedCaPem() {
    return trustedCaPem;
  }

  Optional<Server> server() {
    return Optional.ofNullable(server);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case UPLOAD -> "upload";
      case HOSTS_FETCH -> "hosts fetch" + (trustedCaPem.isEmpty() ? "" : " (trusting a given CA)");
      case SERVED_BY_HOST -> "served by " + server.host().name() + " at " + server.address() + ":" + server.port();
    };
  }
}
