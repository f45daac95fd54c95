package dev.kubestrap.plan;

import dev.kubestrap.plan.internal.RemotePaths;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Waits until a {@link HealthProbe} passes, polling with growing pauses, or fails after the timeout.
 * When the wait is about a service, name its unit so that a failure carries the unit's last journal
 * lines. Defaults from {@link #builder(String)}: timeout 60 s, no unit.
 */
public record HealthWait(String description, HealthProbe check, Duration timeout, Optional<String> unit)
    implements Action {

  public HealthWait {
    RemotePaths.requireNonBlank("health wait description", description);
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout of '" + description + "' must be positive: " + timeout);
    }
    Objects.requireNonNull(unit, "unit");
  }

  public static Builder builder(String description) {
    return new Builder(description);
  }

  @Override
  public String kind() {
    return "health";
  }

  @Override
  public String subject() {
    return description;
  }

  @Override
  public String describe() {
    return "wait    " + description + ": " + check.describe() + " (timeout " + readable(timeout) + ")";
  }

  private static String readable(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> attributes = new TreeMap<>();
    attributes.put("check", check.describe());
    attributes.put("timeout", timeout.toString());
    attributes.put("unit", unit.orElse(""));
    return attributes;
  }

  /** Builds a {@link HealthWait}; timeout defaults to 60 s. */
  public static final class Builder {
    private final String description;
    private HealthProbe check;
    private Duration timeout = Duration.ofSeconds(60);
    private String unit;

    private Builder(String description) {
      this.description = description;
    }

    public Builder check(HealthProbe check) {
      this.check = check;
      return this;
    }

    /** Default 60 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The service this wait is about; its journal is attached to a failure. */
    public Builder unit(String unit) {
      this.unit = unit;
      return this;
    }

    public HealthWait build() {
      return new HealthWait(description, check, timeout, Optional.ofNullable(unit));
    }
  }
}
