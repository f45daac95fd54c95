package dev.kubestrap.binaries;

import java.util.Locale;

/** A CPU architecture as named in release file names: {@code amd64}, {@code arm64}. */
public enum Arch {
  AMD64, ARM64;

  /** The name used in URLs and file names, e.g. {@code amd64}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code amd64}/{@code arm64}, also the JVM's {@code x86_64} and {@code aarch64}. */
  public static Arch of(String name) {
    switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> {
        return AMD64;
      }
      case "arm64", "aarch64" -> {
        return ARM64;
      }
      default -> throw new IllegalArgumentException("arch must be amd64 or arm64: '" + name + "'");
    }
  }

  /** The architecture of this JVM. */
  public static Arch current() {
    return of(System.getProperty("os.arch"));
  }
}
