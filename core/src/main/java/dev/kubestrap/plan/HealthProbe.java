package dev.kubestrap.plan;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link HealthWait} polls until it passes: {@link OnHost} runs a command on the host through its
 * transport; {@link Endpoint} requests an HTTP(S) endpoint on the host's loopback interface from the deploying
 * machine, through the transport's tunnel, so that nothing (no {@code curl}) is needed on the host.
 *
 * <p>Not the same concept as {@link dev.kubestrap.component.HealthCheck}, which is part of a component's
 * definition (what "healthy" means for it); a plan turns that one into an {@link Endpoint} or an {@link OnHost}.
 */
public sealed interface HealthProbe permits HealthProbe.OnHost, HealthProbe.Endpoint {

  /** A one-line description for summaries and the plan record. */
  String describe();

  /** A command run on the host; it passes when it exits 0. */
  static OnHost command(String program, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(program);
    command.addAll(List.of(args));
    return new OnHost(command);
  }

  /** An endpoint on the host's loopback without TLS files: plain HTTP, or HTTPS not verified. */
  static Endpoint endpoint(URI url) {
    return new Endpoint(url, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A command run on the host through its transport. */
  record OnHost(List<String> command) implements HealthProbe {
    public OnHost {
      command = List.copyOf(command);
      if (command.isEmpty()) {
        throw new IllegalArgumentException("health check command must not be empty");
      }
    }

    @Override
    public String describe() {
      return String.join(" ", command);
    }
  }

  /**
   * A GET of {@code url} on the host's loopback interface ({@code 127.0.0.1} or {@code localhost}), made from
   * the deploying machine through the host's transport; it passes on a 2xx status. The TLS files are paths
   * <em>on the host</em>, read through the transport: with {@code caFile} the server certificate is verified
   * against it (for the name {@code 127.0.0.1}); without, an HTTPS server is not verified (a component's
   * self-signed loopback certificate); with {@code certFile} and {@code keyFile} a client certificate is
   * presented.
   */
  record Endpoint(URI url, Optional<String> caFile, Optional<String> certFile, Optional<String> keyFile)
      implements HealthProbe {
    public Endpoint {
      Objects.requireNonNull(url, "url");
      if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
        throw new IllegalArgumentException("health check url must be http or https: '" + url + "'");
      }
      if (!"127.0.0.1".equals(url.getHost()) && !"localhost".equals(url.getHost())) {
        throw new IllegalArgumentException("health check url must be on the host's loopback: '" + url + "'");
      }
      if (url.getPort() < 1) {
        throw new IllegalArgumentException("health check url must name its port: '" + url + "'");
      }
      Objects.requireNonNull(caFile, "caFile");
      Objects.requireNonNull(certFile, "certFile");
      Objects.requireNonNull(keyFile, "keyFile");
      if (certFile.isPresent() != keyFile.isPresent()) {
        throw new IllegalArgumentException("client certificate and key must be given together for " + url);
      }
      if (!"https".equals(url.getScheme()) && (caFile.isPresent() || certFile.isPresent())) {
        throw new IllegalArgumentException("TLS files need an https url: '" + url + "'");
      }
    }

    /** The same endpoint, verified against the CA file on the host. */
    public Endpoint trusting(String hostCaFile) {
      return new Endpoint(url, Optional.of(hostCaFile), certFile, keyFile);
    }

    /** The same endpoint, presenting the client certificate and key files on the host. */
    public Endpoint clientCertificate(String hostCertFile, String hostKeyFile) {
      return new Endpoint(url, caFile, Optional.of(hostCertFile), Optional.of(hostKeyFile));
    }

    @Override
    public String describe() {
      String tls = !"https".equals(url.getScheme()) ? ""
          : caFile.map(ca -> ", verified with " + ca).orElse(", not verified");
      return "GET " + url + tls + (certFile.isPresent() ? ", client certificate " + certFile.get() : "");
    }
  }
}
