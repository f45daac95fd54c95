package dev.kubestrap.verify.internal;

import java.time.Duration;

/** Short human-readable durations: {@code 2m}, {@code 1m30s}, {@code 1.5s}, {@code 400ms}. */
public final class Durations {
  private Durations() {}

  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = duration.toSeconds();
    StringBuilder out = new StringBuilder();
    if (seconds >= 3600) {
      out.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      out.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 != 0) {
      out.append(seconds % 60).append('s');
    }
    return out.toString();
  }
}
