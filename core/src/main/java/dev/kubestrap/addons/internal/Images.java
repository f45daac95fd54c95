package dev.kubestrap.addons.internal;

/** Validation of container image references. */
public final class Images {
  private Images() {}

  /** Returns {@code value} if it is a non-empty image reference without whitespace. */
  public static String require(String field, String value) {
    if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(field + " must be an image reference without spaces: '" + value + "'");
    }
    return value;
  }
}
