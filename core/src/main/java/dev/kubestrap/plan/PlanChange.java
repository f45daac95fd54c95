package dev.kubestrap.plan;

import java.util.Objects;

/**
 * One difference between two plans on one host.
 *
 * @param detail what changed, e.g. {@code "content changed, mode 0644 -> 0600"}; never a digest
 */
public record PlanChange(String host, Phase phase, Type type, String key, String detail) {
  /** Whether the action is new, gone, or present in both with different attributes. */
  public enum Type {
    ADDED('+'),
    REMOVED('-'),
    CHANGED('~');

    private final char sign;

    Type(char sign) {
      this.sign = sign;
    }

    public char sign() {
      return sign;
    }
  }

  public PlanChange {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return type.sign() + " " + key + " [" + phase.label() + "]" + (detail.isEmpty() ? "" : ": " + detail);
  }
}
