package dev.kubestrap.plan;

import dev.kubestrap.plan.internal.Digests;
import dev.kubestrap.plan.internal.Modes;
import dev.kubestrap.plan.internal.RemotePaths;
import dev.kubestrap.transport.FileMode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Places a file whose bytes the plan holds: a configuration file, a certificate, a private key, a
 * kubeconfig. The bytes may be secret, so {@link #toString()} and {@link #describe()} show only the
 * path, size and mode; {@link #attributes()} adds the SHA-256 for the plan record. Default mode from {@link #of(String, byte[])}: {@code 0644}.
 */
public final class PutFile implements Placement {
  private final String path;
  private final byte[] content;
  private final String sha256;
  private final FileMode mode;

  private PutFile(String path, byte[] content, FileMode mode) {
    this.path = RemotePaths.requireAbsolute("file path", path);
    this.content = Objects.requireNonNull(content, "content").clone();
    this.mode = Objects.requireNonNull(mode, "mode");
    this.sha256 = Digests.sha256(this.content);
  }

  /** A file with mode {@code 0644} and the remote default owner. */
  public static PutFile of(String path, byte[] content) {
    return new PutFile(path, content, FileMode.of(0644));
  }

  public static PutFile of(String path, byte[] content, FileMode mode) {
    return new PutFile(path, content, mode);
  }

  /** A UTF-8 text file. */
  public static PutFile text(String path, String text, FileMode mode) {
    return new PutFile(path, text.getBytes(StandardCharsets.UTF_8), mode);
  }

  @Override
  public String path() {
    return path;
  }

  /** A copy of the bytes to place. */
  public byte[] content() {
    return content.clone();
  }

  public int size() {
    return content.length;
  }

  /**
   * Whether the file holds key material: only its owner may read it (the mode grants nothing to group and
   * others, as kubestrap gives private keys, kubeconfigs with embedded keys and the encryption config), or it
   * holds a PEM private key whatever its mode.
   */
  public boolean secret() {
    return (mode.permissions() & 077) == 0
        || new String(content, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY-----");
  }

  @Override
  public String sha256() {
    return sha256;
  }

  @Override
  public FileMode mode() {
    return mode;
  }

  @Override
  public String kind() {
    return "file";
  }

  @Override
  public String describe() {
    return "put     " + path + " (" + size() + " bytes, " + Modes.describe(mode) + ")";
  }

  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> attributes = new TreeMap<>();
    attributes.put("sha256", sha256);
    attributes.put("size", Integer.toString(size()));
    Modes.record(mode, attributes);
    return attributes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PutFile that
        && path.equals(that.path)
        && sha256.equals(that.sha256)
        && mode.equals(that.mode);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, sha256, mode);
  }

  @Override
  public String toString() {
    return "PutFile[" + path + ", " + size() + " bytes, " + Modes.describe(mode) + "]";
  }
}
