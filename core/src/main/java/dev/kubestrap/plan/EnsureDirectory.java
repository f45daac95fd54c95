package dev.kubestrap.plan;

import dev.kubestrap.plan.internal.Modes;
import dev.kubestrap.plan.internal.RemotePaths;
import dev.kubestrap.transport.FileMode;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Ensures a directory exists (with its parents). {@link #of(String)} uses mode {@code 0755}.
 */
public record EnsureDirectory(String path, FileMode mode) implements Action {
  public EnsureDirectory {
    RemotePaths.requireAbsolute("directory path", path);
    Objects.requireNonNull(mode, "mode");
  }

  /** A directory with mode {@code 0755} and the remote default owner. */
  public static EnsureDirectory of(String path) {
    return new EnsureDirectory(path, FileMode.of(0755));
  }

  public static EnsureDirectory of(String path, FileMode mode) {
    return new EnsureDirectory(path, mode);
  }

  @Override
  public String kind() {
    return "directory";
  }

  @Override
  public String subject() {
    return path;
  }

  @Override
  public String describe() {
    return "mkdir   " + path + " (" + Modes.describe(mode) + ")";
  }

  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> attributes = new TreeMap<>();
    Modes.record(mode, attributes);
    return attributes;
  }
}
