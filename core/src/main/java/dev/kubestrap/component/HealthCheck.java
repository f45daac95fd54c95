package dev.kubestrap.component;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to tell that a component on a host is healthy: an HTTP(S) endpoint on its loopback interface, or a
 * command that exits 0. Every path in it is a path <em>on the host</em>.
 *
 * <p>Not the same concept as {@link dev.kubestrap.plan.HealthProbe}: this one is part of a component's
 * definition (what "healthy" means for it); the plan's type says how the executor polls (an endpoint through
 * the host's transport, or a command on the host). Keeping them apart keeps component definitions free of how
 * and where apply polls.
 */
public sealed interface HealthCheck {

  /**
   * GET {@code url} expecting a 2xx answer. With {@code caFile} the server certificate is verified
   * against it; without, it is not (the component serves a self-signed certificate on loopback). With a
   * client certificate and key, they are presented.
   */
  record Http(URI url, Optional<Path> caFile, Optional<Path> clientCertFile, Optional<Path> clientKeyFile)
      implements HealthCheck {

    public Http {
      Objects.requireNonNull(url, "url must not be null");
      Objects.requireNonNull(caFile, "caFile must not be null");
      Objects.requireNonNull(clientCertFile, "clientCertFile must not be null");
      Objects.requireNonNull(clientKeyFile, "clientKeyFile must not be null");
    }
  }

  /** Run {@code command} on the host; exit status 0 means healthy. */
  record Command(List<String> command) implements HealthCheck {
    public Command {
      command = List.copyOf(command);
    }
  }

  /** Plain HTTP on the host, e.g. the kubelet's {@code http://127.0.0.1:10248/healthz}. */
  static HealthCheck http(URI url) {
    return new Http(url, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** HTTPS verified with {@code caFile}, without a client certificate. */
  static HealthCheck https(URI url, Path caFile) {
    return new Http(url, Optional.of(caFile), Optional.empty(), Optional.empty());
  }

  /** HTTPS to a self-signed loopback server, so the server certificate is not verified. */
  static HealthCheck insecureHttps(URI url) {
    return new Http(url, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** HTTPS verified with {@code caFile}, presenting a client certificate. */
  static HealthCheck mutualTls(URI url, Path caFile, Path certFile, Path keyFile) {
    return new Http(url, Optional.of(caFile), Optional.of(certFile), Optional.of(keyFile));
  }
}
