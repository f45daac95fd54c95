package dev.kubestrap.verify;

import java.util.Objects;

/**
 * What one poll of a {@link Check} saw.
 *
 * @param satisfied whether the check is met
 * @param detail a short description of the state seen, used in events and timeout messages
 */
public record CheckState(boolean satisfied, String detail) {
  public CheckState {
    Objects.requireNonNull(detail, "detail");
  }

  public static CheckState satisfied(String detail) {
    return new CheckState(true, detail);
  }

  public static CheckState waiting(String detail) {
    return new CheckState(false, detail);
  }
}
