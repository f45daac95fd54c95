package dev.kubestrap.binaries;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One published release file: which component, version and architecture, where it is downloaded
 * from, and its expected sha256 when one is known before downloading ({@code null} otherwise:
 * then the digest published beside it is used). The file may be a bare binary
 * ({@code kubelet}) or an archive ({@code etcd-v3.6.14-linux-amd64.tar.gz}).
 */
public record Artifact(String component, String version, Arch arch, URI url, String sha256) {
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public Artifact {
    Objects.requireNonNull(component, "component");
    version = version(version);
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(url, "url");
    sha256 = sha256 == null ? null : sha256(sha256);
  }

  /** The file name: the last segment of the URL path. */
  public String fileName() {
    String path = url.getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The sha256 known before download, if any. */
  public Optional<String> pinnedSha256() {
    return Optional.ofNullable(sha256);
  }

  /** Accepts {@code 1.36.4} or {@code v1.36.4}; returns it without the {@code v}. */
  static String version(String version) {
    String plain = version != null && version.startsWith("v") ? version.substring(1) : version;
    if (plain == null || !VERSION.matcher(plain).matches()) {
      throw new IllegalArgumentException("version must look like 1.36.4: '" + version + "'");
    }
    return plain;
  }

  /** A lower-case hex sha256, with an optional {@code sha256:} prefix removed. */
  static String sha256(String digest) {
    String hex = digest.strip().toLowerCase(Locale.ROOT);
    hex = hex.startsWith("sha256:") ? hex.substring(7) : hex;
    if (!SHA256.matcher(hex).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 hex digits: '" + digest + "'");
    }
    return hex;
  }
}
