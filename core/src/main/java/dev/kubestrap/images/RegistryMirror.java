package dev.kubestrap.images;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where containerd on the nodes pulls a registry's images from instead of the registry itself: one
 * {@code certs.d/<registry>/hosts.toml} (containerd's registry host configuration) with the mirrors in the order
 * given, each allowed to pull and resolve. The registry itself stays the last resort, as containerd does when a
 * {@code hosts.toml} names no {@code server}.
 *
 * <pre>{@code
 * RegistryMirror mirror = RegistryMirror.forRegistry("docker.io")
 *     .endpoint("https://mirror.corp.example:5000")
 *     .caCertificate(Path.of("corp-ca.pem"))
 *     .build();
 * }</pre>
 *
 * <p>Defaults: no CA of its own (the host's trust store), certificates verified. Skipping verification is an
 * explicit opt-in ({@link Builder#skipVerify()}) and is listed in the plan's warnings.
 *
 * @param registry the registry host as image references name it ({@code docker.io}, {@code registry.k8s.io},
 *     {@code 198.18.0.1:5000}), or {@code _default} for every registry without its own entry
 * @param endpoints the mirrors, {@code http} or {@code https} URLs, tried in order
 * @param caPem the PEM certificates the mirrors' TLS certificates chain to, if not the host's trust store
 * @param skipVerify whether the mirrors' TLS certificates are not checked at all
 */
public record RegistryMirror(String registry, List<URI> endpoints, Optional<String> caPem, boolean skipVerify) {
  private static final Pattern REGISTRY =
      Pattern.compile("_default|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?");

  public RegistryMirror {
    if (registry == null || !REGISTRY.matcher(registry).matches()) {
      throw new ImageArchiveException("registry must be a registry host such as docker.io or 10.0.0.5:5000, or"
          + " _default: '" + registry + "'");
    }
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new ImageArchiveException("registry mirror of " + registry + " names no endpoint");
    }
    for (URI endpoint : endpoints) {
      String scheme = endpoint.getScheme();
      if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null
          || endpoint.getRawQuery() != null || endpoint.getRawUserInfo() != null) {
        throw new ImageArchiveException("endpoint of the " + registry + " mirror must be an http(s) URL without"
            + " user or query: '" + endpoint + "'");
      }
    }
    Objects.requireNonNull(caPem, "caPem must not be null");
    caPem.ifPresent(pem -> {
      if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
        throw new ImageArchiveException("CA of the " + registry + " mirror holds no PEM certificate");
      }
    });
  }

  /** Starts a mirror for {@code registry}; see {@link #registry()}. */
  public static Builder forRegistry(String registry) {
    return new Builder(registry);
  }

  /** The directory name under {@code certs.d}: the registry host, with containerd's spelling of a port. */
  public String directoryName() {
    return registry;
  }

  /**
   * containerd's {@code hosts.toml}: a {@code [host."<endpoint>"]} table per mirror, in order, with its capabilities,
   * and {@code ca} (the file {@code caFile} names on the host) or {@code skip_verify} when set. Written as explicit
   * tables: containerd reads the mirrors' order from the table headers and ignores hosts given as dotted keys.
   */
  public String hostsToml(Optional<String> caFile) {
    StringBuilder toml = new StringBuilder();
    for (URI endpoint : endpoints) {
      toml.append(toml.length() == 0 ? "" : "\n").append("[host.").append(quoted(endpoint.toString())).append("]\n")
          .append("  capabilities = [\"pull\", \"resolve\"]\n");
      caFile.ifPresent(file -> toml.append("  ca = ").append(quoted(file)).append('\n'));
      if (skipVerify) {
        toml.append("  skip_verify = true\n");
      }
    }
    return toml.toString();
  }

  /** A TOML basic string. */
  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public String toString() {
    return "RegistryMirror[" + registry + " -> " + endpoints + (caPem.isPresent() ? ", own CA" : "")
        + (skipVerify ? ", TLS not verified" : "") + "]";
  }

  /** Collects a mirror's settings; {@link #build()} checks them. */
  public static final class Builder {
    private final String registry;
    private final List<URI> endpoints = new ArrayList<>();
    private String caPem;
    private boolean skipVerify;

    private Builder(String registry) {
      this.registry = registry;
    }

    /** Adds a mirror URL, e.g. {@code https://mirror.corp.example:5000}; tried in the order added. */
    public Builder endpoint(String url) {
      try {
        endpoints.add(URI.create(Objects.requireNonNull(url, "endpoint must not be null")));
      } catch (IllegalArgumentException e) {
        throw new ImageArchiveException("endpoint of the " + registry + " mirror is not a URL: '" + url + "'", e);
      }
      return this;
    }

    /** The CA (a PEM file on this machine) the mirrors' certificates chain to; read here, placed on every node. */
    public Builder caCertificate(Path pemFile) {
      try {
        this.caPem = Files.readString(Objects.requireNonNull(pemFile, "caCertificate must not be null"),
            StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new ImageArchiveException("caCertificate of the " + registry + " mirror cannot be read: " + pemFile
            + ": " + e.getMessage(), e);
      }
      return this;
    }

    /** Opt-in: the mirrors' TLS certificates are not checked. Default: checked. */
    public Builder skipVerify() {
      this.skipVerify = true;
      return this;
    }

    /** @throws ImageArchiveException naming the registry and the bad value */
    public RegistryMirror build() {
      return new RegistryMirror(registry, endpoints, Optional.ofNullable(caPem), skipVerify);
    }
  }
}
