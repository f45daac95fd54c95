package dev.kubestrap.io;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's host name, as the kernel knows it where possible: a lookup through {@link InetAddress} may wait
 * for DNS, which a lock must not.
 */
final class HostName {
  private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");
  private static volatile String cached;

  private HostName() {}

  static String get() {
    String name = cached;
    if (name == null) {
      name = lookUp();
      cached = name;
    }
    return name;
  }

  private static String lookUp() {
    try {
      String kernel = Files.readString(KERNEL_HOSTNAME, StandardCharsets.UTF_8).strip();
      if (!kernel.isEmpty()) {
        return kernel;
      }
    } catch (IOException | SecurityException e) {
      // not Linux: ask the resolver
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
