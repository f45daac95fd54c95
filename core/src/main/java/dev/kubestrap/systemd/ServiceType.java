package dev.kubestrap.systemd;

import java.util.Locale;

/** The {@code Type=} of a service: how systemd knows it has started. The builder's default is {@link #SIMPLE}. */
public enum ServiceType {
  SIMPLE, EXEC, FORKING, ONESHOT, DBUS,
  /** The program tells systemd it is ready (sd_notify); etcd and containerd do. */
  NOTIFY,
  IDLE;

  /** The value as written in a unit file, e.g. {@code notify}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
