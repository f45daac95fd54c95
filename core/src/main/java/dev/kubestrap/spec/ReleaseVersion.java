package dev.kubestrap.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code major.minor.patch} release version such as {@code 1.36.4} or {@code 3.4.23}; a leading
 * {@code v} and a pre-release/build suffix ({@code -rc.1}, {@code ~ds1}) are accepted and kept in
 * {@link #toString()}.
 */
public record ReleaseVersion(int major, int minor, int patch, String suffix) {

  private static final Pattern FORM = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)([-+~][0-9A-Za-z.+~-]*)?");

  public ReleaseVersion {
    suffix = suffix == null ? "" : suffix;
  }

  /** Parses {@code value}; {@code field} names the setting in the error message. */
  public static ReleaseVersion parse(String field, String value) {
    Matcher m = value == null ? null : FORM.matcher(value);
    if (m == null || !m.matches()) {
      throw new InvalidSpecException(field + " is not a major.minor.patch version: '" + value + "'");
    }
    return new ReleaseVersion(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4));
  }

  /** {@code major.minor}, e.g. {@code 1.36}. */
  public String line() {
    return major + "." + minor;
  }

  /** Whether this version is at least {@code major.minor}. */
  public boolean atLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + suffix;
  }
}
