package dev.kubestrap.apply;

/** Whether a service is running (or starting) and whether it is enabled at boot. */
public record ServiceStatus(boolean active, boolean enabled) {
  /** A unit that is neither running nor enabled, e.g. one that does not exist yet. */
  public static final ServiceStatus ABSENT = new ServiceStatus(false, false);
}
