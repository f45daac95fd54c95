package dev.kubestrap.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The validated settings of a sandbox, as {@link Sandbox.Builder} resolved them. */
record SandboxSpec(
    List<String> hostNames,
    Optional<AddressRange> addressRange,
    List<String> packages,
    Path cacheDir,
    Path workDir,
    Optional<String> bridgeName,
    List<ReadOnlyBind> readOnlyBinds,
    List<String> realDirectories,
    Duration bootTimeout,
    Duration shutdownTimeout) {

  /** Where the default address search starts: RFC 2544's benchmarking block, never routed. */
  static final AddressRange DEFAULT_RANGE = AddressRange.parse("198.18.0.0/27");
  /** Where the default address search stops: the last /27 of 198.18.0.0/24, the range sandboxes keep to. */
  static final AddressRange LAST_DEFAULT_RANGE = AddressRange.parse("198.18.0.224/27");

  SandboxSpec {
    hostNames = List.copyOf(hostNames);
    packages = List.copyOf(packages);
    readOnlyBinds = List.copyOf(readOnlyBinds);
    realDirectories = List.copyOf(realDirectories);
  }
}
