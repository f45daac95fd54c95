package dev.kubestrap.plan;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link HealthWait} polls until it passes, and from where: {@link OnHost} runs a command on the host
 * through its transport; {@link Https} probes from the deploying machine with PEM files found there.
 *
 * <p>Not the same concept as {@link dev.kubestrap.component.HealthCheck}, which is part of a component's
 * definition with paths on the host; a plan turns that one into an {@link OnHost} of its
 * {@link dev.kubestrap.component.HealthCheck#command() command}.
 */
public sealed interface HealthCheck permits HealthCheck.OnHost, HealthCheck.Https {

  /** A one-line description for summaries and the plan record. */
  String describe();

  /** A command run on the host; it passes when it exits 0. */
  static OnHost command(String program, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(program);
    command.addAll(List.of(args));
    return new OnHost(command);
  }

  /**
   * An HTTPS GET from the deploying machine, trusting {@code caFile} (PEM); it passes on status 200.
   * Add a client certificate with {@link Https#clientCertificate(Path, Path)} for mTLS endpoints.
   */
  static Https https(URI url, Path caFile) {
    return new Https(url, caFile, Optional.empty(), Optional.empty());
  }

  /** A command run on the host through its transport. */
  record OnHost(List<String> command) implements HealthCheck {
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
   * An HTTPS URL probed from the deploying machine with PEM files found there: the CA to trust and,
   * optionally, a client certificate and its PKCS#8 private key.
   */
  record Https(URI url, Path caFile, Optional<Path> certFile, Optional<Path> keyFile) implements HealthCheck {
    public Https {
      Objects.requireNonNull(url, "url");
      if (!"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("health check url must be https: '" + url + "'");
      }
      Objects.requireNonNull(caFile, "caFile");
      Objects.requireNonNull(certFile, "certFile");
      Objects.requireNonNull(keyFile, "keyFile");
      if (certFile.isPresent() != keyFile.isPresent()) {
        throw new IllegalArgumentException("client certificate and key must be given together for " + url);
      }
    }

    public Https clientCertificate(Path certFile, Path keyFile) {
      return new Https(url, caFile, Optional.of(certFile), Optional.of(keyFile));
    }

    @Override
    public String describe() {
      return "GET " + url + (certFile.isPresent() ? " (client certificate)" : "");
    }
  }
}
