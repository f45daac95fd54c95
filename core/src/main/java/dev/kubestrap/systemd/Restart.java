package dev.kubestrap.systemd;

import java.util.Locale;

/** The {@code Restart=} policy of a service. The builder's default is {@link #ON_FAILURE}. */
public enum Restart {
  NO, ON_SUCCESS, ON_FAILURE, ON_ABNORMAL, ON_WATCHDOG, ON_ABORT, ALWAYS;

  /** The value as written in a unit file, e.g. {@code on-failure}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
