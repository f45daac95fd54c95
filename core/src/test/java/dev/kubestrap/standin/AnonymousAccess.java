package dev.kubestrap.standin;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which request paths the kube-apiserver stand-in lets in without credentials, from {@code --anonymous-auth} or the
 * {@code anonymous} part of {@code --authentication-config}, refused as kube-apiserver refuses them (KEP-4633): the
 * flag next to the config's {@code anonymous}, conditions while {@code enabled} is false, an {@code apiVersion} the
 * supported minors do not serve, and any field the official list lacks.
 */
final class AnonymousAccess {
  private static final String PROGRAM = "kube-apiserver";
  private static final Set<String> API_VERSIONS = Set.of("apiserver.config.k8s.io/v1", "apiserver.config.k8s.io/v1beta1");
  /** What the stand-in answers anonymously when nothing restricts it. */
  private static final Set<String> HEALTH = Set.of("/livez", "/readyz", "/healthz");

  private final boolean enabled;
  private final Optional<Set<String>> paths;

  private AnonymousAccess(boolean enabled, Optional<Set<String>> paths) {
    this.enabled = enabled;
    this.paths = paths;
  }

  static AnonymousAccess of(StandInFlags flags) {
    Optional<String> flag = flags.get("--anonymous-auth");
    Optional<String> file = flags.get("--authentication-config");
    if (file.isEmpty()) {
      return new AnonymousAccess(!flag.equals(Optional.of("false")), Optional.empty());
    }
    ConfigDocument config = ConfigDocument.read(PROGRAM, Path.of(file.get()), "AuthenticationConfiguration");
    String apiVersion = config.get("apiVersion").orElse("");
    if (!API_VERSIONS.contains(apiVersion)) {
      throw new StandInRefusal(PROGRAM, file.get() + ": apiVersion " + apiVersion + " is not served (expected one of "
          + API_VERSIONS + ")");
    }
    Optional<String> enabled = config.get("anonymous.enabled");
    List<?> conditions = config.list("anonymous.conditions");
    if (enabled.isEmpty() && conditions.isEmpty()) {
      return new AnonymousAccess(!flag.equals(Optional.of("false")), Optional.empty());
    }
    if (flag.isPresent()) {
      throw new StandInRefusal(PROGRAM, "--anonymous-auth cannot be set when anonymous is configured in "
          + file.get());
    }
    boolean on = enabled.equals(Optional.of("true"));
    if (!on && !conditions.isEmpty()) {
      throw new StandInRefusal(PROGRAM, file.get() + ": anonymous.conditions need anonymous.enabled to be true");
    }
    Set<String> paths = new LinkedHashSet<>();
    for (Object condition : conditions) {
      Object path = condition instanceof Map<?, ?> map ? map.get("path") : null;
      if (!(path instanceof String text) || text.isEmpty() || !paths.add(text)) {
        throw new StandInRefusal(PROGRAM, file.get() + ": anonymous.conditions has a missing or repeated path: " + path);
      }
    }
    return new AnonymousAccess(on, paths.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(paths)));
  }

  /** Whether a request for {@code path} without credentials is let in (exact, case-sensitive match). */
  boolean allows(String path) {
    return enabled && paths.map(p -> p.contains(path)).orElse(HEALTH.contains(path));
  }
}
