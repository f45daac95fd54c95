package dev.kubestrap.systemd;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code Key=value} line of a unit file. The value is kept exactly as systemd reads it after
 * joining continuation lines: already quoted and escaped (use {@link CommandLine} to build or read
 * command lines). An empty value is allowed: in systemd it resets a list setting such as
 * {@code ExecStart=} in a drop-in.
 */
public record Directive(String key, String value) {
  private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  public Directive {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("directive key must be letters, digits, '-' or '_': '" + key + "'");
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(key + " value must be a single line: '" + value + "'");
    }
    if (UnitFile.endsWithContinuation(value)) {
      throw new IllegalArgumentException(
          key + " value must not end with a backslash (systemd would join the next line): '" + value + "'");
    }
    if (!value.equals(value.strip())) {
      throw new IllegalArgumentException(
          key + " value must not start or end with whitespace (systemd strips it): '" + value + "'");
    }
  }
}
