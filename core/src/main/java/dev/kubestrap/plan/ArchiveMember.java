package dev.kubestrap.plan;

import dev.kubestrap.plan.internal.Digests;
import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a host can take a program from an archive itself: the archive's URL ({@code http} or {@code https}), the
 * sha256 the archive must have (checked on the host before anything is extracted), and the member's path inside it
 * exactly as the archive names it ({@code etcd-v3.6.14-linux-amd64/etcd}, {@code ./bridge}). The program's own
 * sha256 is the {@link PutBinary}'s. No defaults: all three are required.
 *
 * @param archive the archive's URL
 * @param archiveSha256 the archive's sha256, lowercase hex
 * @param member the member's path: relative, without {@code ..} segments, of letters, digits and {@code ._+@=,~-}
 *     separated by single slashes (so no shell or {@code tar} pattern character can reach the host)
 */
public record ArchiveMember(URI archive, String archiveSha256, String member) {
  private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9._+@=,~-]+(/[A-Za-z0-9._+@=,~-]+)*");

  /** @throws IllegalArgumentException for another scheme, a malformed digest or a member that could escape */
  public ArchiveMember {
    Objects.requireNonNull(archive, "archive");
    if (!"http".equals(archive.getScheme()) && !"https".equals(archive.getScheme())) {
      throw new IllegalArgumentException("archive URL must be http or https: '" + archive + "'");
    }
    Digests.requireSha256("archive sha256", archiveSha256);
    if (member == null || !MEMBER.matcher(member).matches()
        || ("/" + member + "/").contains("/../") || member.equals(".")) {
      throw new IllegalArgumentException("archive member must be a relative path inside the archive, without '..' "
          + "(letters, digits, ._+@=,~- and single slashes): '" + member + "'");
    }
  }
}
