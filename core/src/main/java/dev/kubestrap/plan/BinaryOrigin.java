package dev.kubestrap.plan;

import java.util.Objects;

/**
 * Where a program the plan installs comes from and what vouches for its bytes, as the plan summary shows it.
 *
 * @param program the program, e.g. {@code kube-apiserver}
 * @param version its release version
 * @param file the release file it comes from, e.g. {@code kubernetes-server-linux-amd64.tar.gz}
 * @param digest the pinned digest of that file ({@code sha512:<hex>}), or {@code null} when nothing pins it
 * @param vouchedBy who vouches for the digest (e.g. {@code kubespray checksums.yml}), or why nothing does
 */
public record BinaryOrigin(String program, String version, String file, String digest, String vouchedBy) {
  public BinaryOrigin {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(vouchedBy, "vouchedBy");
  }

  /** Whether a digest vouches for the program. */
  public boolean pinned() {
    return digest != null;
  }

  /** One summary line: program, version, file, digest and who vouches for it. */
  public String describe() {
    return program + " " + version + "  from " + file + "  "
        + (pinned() ? digest + "  pinned by " + vouchedBy : "NOT PINNED: " + vouchedBy);
  }
}
