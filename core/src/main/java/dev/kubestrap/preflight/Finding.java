package dev.kubestrap.preflight;

/**
 * One problem a host has, found before anything was changed.
 *
 * @param host the host's name in the spec
 * @param check what was checked, e.g. {@code tools}, {@code cgroup}, {@code port 2379}
 * @param problem what is wrong, with the value seen
 * @param fix what to do about it: the package to install (per distribution family) or the option that relaxes it
 */
public record Finding(String host, String check, String problem, String fix) {
  @Override
  public String toString() {
    return host + ": " + problem + " — fix: " + fix;
  }
}
