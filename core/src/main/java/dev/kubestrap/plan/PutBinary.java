package dev.kubestrap.plan;

import dev.kubestrap.plan.internal.Digests;
import dev.kubestrap.plan.internal.Modes;
import dev.kubestrap.plan.internal.RemotePaths;
import dev.kubestrap.transport.FileMode;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Places an executable identified by artifact, version and pinned SHA-256, for example {@code etcd}
 * {@code 3.5.21} at {@code /opt/etcd/bin/etcd}. The bytes stay in the {@link ArtifactSource} until a
 * host needs them. Default mode from {@link #builder()}: {@code 0755}.
 */
public record PutBinary(
    String path, String artifact, String version, String sha256, FileMode mode, ArtifactSource source)
    implements Placement {

  public PutBinary {
    RemotePaths.requireAbsolute("binary path", path);
    RemotePaths.requireNonBlank("artifact", artifact);
    RemotePaths.requireNonBlank("version", version);
    Digests.requireSha256("sha256 of " + artifact, sha256);
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(source, "source");
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String kind() {
    return "binary";
  }

  @Override
  public String describe() {
    return "binary  " + path + " (" + artifact + " " + version + ", " + Modes.describe(mode) + ")";
  }

  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> attributes = new TreeMap<>();
    attributes.put("artifact", artifact);
    attributes.put("version", version);
    attributes.put("sha256", sha256);
    Modes.record(mode, attributes);
    return attributes;
  }

  /** Equal when path, artifact, version, digest and mode are: the source is only where bytes come from. */
  @Override
  public boolean equals(Object other) {
    return other instanceof PutBinary that
        && path.equals(that.path)
        && artifact.equals(that.artifact)
        && version.equals(that.version)
        && sha256.equals(that.sha256)
        && mode.equals(that.mode);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, artifact, version, sha256, mode);
  }

  /** Builds a {@link PutBinary}; {@code mode} defaults to {@code 0755}. */
  public static final class Builder {
    private String path;
    private String artifact;
    private String version;
    private String sha256;
    private FileMode mode = FileMode.of(0755);
    private ArtifactSource source;

    private Builder() {}

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    public Builder artifact(String artifact) {
      this.artifact = artifact;
      return this;
    }

    public Builder version(String version) {
      this.version = version;
      return this;
    }

    public Builder sha256(String sha256) {
      this.sha256 = sha256;
      return this;
    }

    /** Default {@code 0755}. */
    public Builder mode(FileMode mode) {
      this.mode = mode;
      return this;
    }

    public Builder source(ArtifactSource source) {
      this.source = source;
      return this;
    }

    public Builder source(java.nio.file.Path localFile) {
      this.source = ArtifactSource.file(localFile);
      return this;
    }

    public PutBinary build() {
      return new PutBinary(path, artifact, version, sha256, mode, source);
    }
  }
}
