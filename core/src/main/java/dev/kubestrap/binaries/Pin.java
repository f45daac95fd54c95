package dev.kubestrap.binaries;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A digest of a release file known before it is downloaded, and who vouches for it: kubespray's table, the
 * Kubernetes release notes, or the caller. A pin is what makes a download trustworthy; a digest served by the
 * mirror beside the file is never one.
 *
 * @param algorithm {@code sha256} or {@code sha512}
 * @param hex the digest, lowercase hex (64 or 128 digits)
 * @param source who vouches for it, e.g. {@code kubespray checksums.yml} or {@code pin() by the caller}
 */
public record Pin(String algorithm, String hex, String source) {
  /** The source of a digest given to {@code pin(...)}. */
  public static final String CALLER = "pin() by the caller";

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SHA512 = Pattern.compile("[0-9a-f]{128}");

  public Pin {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    Objects.requireNonNull(source, "source");
    Pattern shape = switch (algorithm) {
      case "sha256" -> SHA256;
      case "sha512" -> SHA512;
      default -> throw new IllegalArgumentException("digest algorithm must be sha256 or sha512: '" + algorithm + "'");
    };
    if (!shape.matcher(hex).matches()) {
      throw new IllegalArgumentException(algorithm + " must be " + (shape == SHA256 ? 64 : 128) + " hex digits: '"
          + hex + "'");
    }
  }

  /**
   * Reads {@code sha256:<hex>}, {@code sha512:<hex>}, or bare hex (64 digits: sha256, 128 digits: sha512), in
   * any case.
   */
  public static Pin parse(String digest, String source) {
    if (digest == null) {
      throw new IllegalArgumentException("digest must not be null");
    }
    String text = digest.strip().toLowerCase(Locale.ROOT);
    int colon = text.indexOf(':');
    if (colon >= 0) {
      return new Pin(text.substring(0, colon), text.substring(colon + 1), source);
    }
    if (text.length() == 128) {
      return new Pin("sha512", text, source);
    }
    if (!SHA256.matcher(text).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 hex digits: '" + digest + "'");
    }
    return new Pin("sha256", text, source);
  }

  /** Whether this is a sha256 digest (then it is also the digest a host's copy of a bare binary must have). */
  public boolean isSha256() {
    return algorithm.equals("sha256");
  }

  /** {@code <algorithm>:<hex>}. */
  public String digest() {
    return algorithm + ":" + hex;
  }

  /** {@code sha512:1c64da925754… (source)}, short enough for a summary line. */
  public String describe() {
    return algorithm + ":" + hex.substring(0, 16) + "… (" + source + ")";
  }
}
