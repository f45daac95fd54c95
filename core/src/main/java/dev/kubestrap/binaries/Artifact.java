package dev.kubestrap.binaries;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One published release file: which component, version and architecture, where it is downloaded from, and its
 * {@link Pin} when one is known before downloading ({@code null} otherwise). The file may be a bare binary
 * ({@code kubelet}) or an archive ({@code etcd-v3.6.14-linux-amd64.tar.gz},
 * {@code kubernetes-server-linux-amd64.tar.gz}).
 */
public record Artifact(String component, String version, Arch arch, URI url, Pin pin) {
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");

  public Artifact {
    Objects.requireNonNull(component, "component");
    version = version(version);
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(url, "url");
  }

  /** The file name: the last segment of the URL path. */
  public String fileName() {
    String path = url.getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The pin, if the file's digest is known before download. */
  public Optional<Pin> pinned() {
    return Optional.ofNullable(pin);
  }

  /** The pinned sha256, if the pin is a sha256 (a sha512 pin is not one). */
  public Optional<String> pinnedSha256() {
    return pinned().filter(Pin::isSha256).map(Pin::hex);
  }

  /** A lowercase hex sha256, with an optional {@code sha256:} prefix removed. */
  static String sha256(String digest) {
    Pin pin = Pin.parse(digest, Pin.CALLER);
    if (!pin.isSha256()) {
      throw new IllegalArgumentException("sha256 must be 64 hex digits: '" + digest + "'");
    }
    return pin.hex();
  }

  /** Accepts {@code 1.36.4} or {@code v1.36.4}; returns it without the {@code v}. */
  static String version(String version) {
    String plain = version != null && version.startsWith("v") ? version.substring(1) : version;
    if (plain == null || !VERSION.matcher(plain).matches()) {
      throw new IllegalArgumentException("version must look like 1.36.4: '" + version + "'");
    }
    return plain;
  }
}
