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
 * @param target where the program lands on the hosts, e.g. {@code /opt/kubelet/kubelet}
 * @param check what the placed file is checked against: {@code sha256:<hex>}, or {@code after download: <reason>}
 *     when a dry run cannot know the program's own digest without downloading
 */
public record BinaryOrigin(String program, String version, String file, String digest, String vouchedBy,
    String target, String check) {
  public BinaryOrigin {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(vouchedBy, "vouchedBy");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(check, "check");
  }

  /** The second summary line: where the program lands and what it is checked against there. */
  public String placement() {
    return "placed at " + target + ", checked " + (check.startsWith("sha256:") ? "against " : "") + check;
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
