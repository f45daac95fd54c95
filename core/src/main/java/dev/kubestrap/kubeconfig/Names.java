package dev.kubestrap.kubeconfig;

final class Names {
  private Names() {}

  static String check(String field, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(field + " must not be empty: '" + name + "'");
    }
    return name;
  }
}
