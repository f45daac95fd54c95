package dev.kubestrap.apply;

import dev.kubestrap.apply.internal.BatchedInspection;
import dev.kubestrap.apply.internal.RemoteState;
import dev.kubestrap.transport.Command;
import dev.kubestrap.transport.Transport;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * How the executor learns what a host already has before placing files and directories in a phase.
 *
 * <ul>
 *   <li>{@link #batched()} (the default): one shell command per host and phase reports digest, mode and
 *       owner of every path, so an up-to-date host costs one round trip per phase however many files
 *       the phase holds; it also removes what interrupted uploads left beside the paths. Needs {@code sh},
 *       {@code sha256sum} and {@code stat} on the host, and a transport whose commands see the same paths as its
 *       file operations (SSH, unrooted local). A file is hashed only when it changed since the last inspection
 *       hashed it: the host keeps a digest cache in {@value #HOST_CACHE_DIRECTORY}{@code /digests}, keyed by
 *       device, inode, size and modification and change times (with {@code awk}; without it, every file is
 *       hashed each time).
 *   <li>{@link #batchedInWorkingDirectory()}: the same command with every path made relative to the
 *       command's working directory, for transports rooted in a directory whose commands run there
 *       ({@code LocalTransport.rootedAt(dir)}).
 *   <li>{@link #perFile()}: no inspection up front; each file goes through the transport's own
 *       compare-then-send {@code put}, binaries through {@code sha256} first. Works with every transport,
 *       including {@code LocalTransport.rootedAt(dir)}, at one round trip per path.
 * </ul>
 */
public interface RemoteInspection {
  /** The host directory where {@link #batched()} keeps its digest cache. */
  String HOST_CACHE_DIRECTORY = "/var/lib/kubestrap";

  static RemoteInspection batched() {
    return new BatchedInspection("", HOST_CACHE_DIRECTORY);
  }

  static RemoteInspection batchedInWorkingDirectory() {
    return new BatchedInspection(".");
  }

  static RemoteInspection perFile() {
    return (host, directories, files) -> Map.of();
  }

  /**
   * What is known about the given paths. A path missing from the result is unknown: the executor then
   * lets the transport decide per path.
   */
  Map<String, RemoteState> inspect(Transport host, Collection<String> directories, Collection<String> files);

  /**
   * The single read-only command {@link #inspect} runs for these paths, when it runs exactly one: the executor may
   * then ask it together with a phase's other questions in one round trip and hand {@link #inspect} a transport
   * that answers it. Default: empty (the inspection is not batched).
   */
  default Optional<Command> command(Collection<String> directories, Collection<String> files) {
    return Optional.empty();
  }

  /**
   * Told, after a host's phase, which files the executor placed there and their sha256 (checked on the host when
   * they were placed), so that an inspection that keeps digests need not read them again; by default ignored.
   */
  default void remember(Transport host, Map<String, String> placed) {}

  /**
   * Removes the temporary files interrupted uploads left beside {@code files} ({@link Transport#TEMP_MARKER}); the
   * batched inspections do it as part of {@link #inspect} too. Default: nothing (the transport removes a target's
   * strays when it uploads that target).
   */
  default void removeStrays(Transport host, Collection<String> files) {}
}
