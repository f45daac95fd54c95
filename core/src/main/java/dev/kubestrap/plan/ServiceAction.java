package dev.kubestrap.plan;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Ensures a systemd service is enabled and running, and restarts it only when one of its inputs was
 * changed by the current apply. Inputs are remote paths the plan places on the same host (config files,
 * certificates, binaries, the unit file itself). If any unit file on the host changed, the executor
 * runs {@code daemon-reload} first. A service that is not active is started whether or not its inputs
 * changed. Default from {@link #builder(String)}: enabled at boot.
 */
public record ServiceAction(String unit, SortedSet<String> restartOn, boolean enable) implements Action {
  public ServiceAction {
    dev.kubestrap.plan.internal.RemotePaths.requireNonBlank("service unit", unit);
    restartOn = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(restartOn, "restartOn")));
    for (String path : restartOn) {
      dev.kubestrap.plan.internal.RemotePaths.requireAbsolute("restart input of " + unit, path);
    }
  }

  public static Builder builder(String unit) {
    return new Builder(unit);
  }

  @Override
  public String kind() {
    return "service";
  }

  @Override
  public String subject() {
    return unit;
  }

  @Override
  public String describe() {
    return "service " + unit + (enable ? " (enabled)" : "") + ": running; restart when "
        + (restartOn.isEmpty() ? "never" : String.join(", ", restartOn)) + " change";
  }

  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> attributes = new TreeMap<>();
    attributes.put("enable", Boolean.toString(enable));
    attributes.put("restartOn", String.join(",", restartOn));
    return attributes;
  }

  /** Builds a {@link ServiceAction}; {@code enable} defaults to {@code true}, no inputs by default. */
  public static final class Builder {
    private final String unit;
    private final SortedSet<String> restartOn = new TreeSet<>();
    private boolean enable = true;

    private Builder(String unit) {
      this.unit = unit;
    }

    /** Restart the service when any of these remote paths changed. */
    public Builder restartOn(String... paths) {
      restartOn.addAll(java.util.List.of(paths));
      return this;
    }

    /** Restart the service when any of these placed files, binaries or units changed. */
    public Builder restartOn(Placement... inputs) {
      for (Placement input : inputs) {
        restartOn.add(input.path());
      }
      return this;
    }

    /** Default {@code true}: {@code systemctl enable} so the service starts at boot. */
    public Builder enable(boolean enable) {
      this.enable = enable;
      return this;
    }

    public ServiceAction build() {
      return new ServiceAction(unit, restartOn, enable);
    }
  }
}
