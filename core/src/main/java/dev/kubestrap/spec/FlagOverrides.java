package dev.kubestrap.spec;

import dev.kubestrap.reference.Flag;
import dev.kubestrap.reference.FlagList;
import dev.kubestrap.reference.InsecureFlags;
import dev.kubestrap.reference.KubeletFlagDeprecations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks flag overrides against the official flag lists of the spec's versions, and against kubestrap's list of
 * insecure flag values, which need an explicit {@code allowInsecure}.
 */
final class FlagOverrides {

  /** The checked overrides, and a description of each insecure one that was allowed. */
  record Checked(Map<ComponentName, Map<String, String>> flags, List<String> insecure) {}

  /** Flags kubestrap sets through a config file instead, with why an override cannot work. */
  private static final Map<String, String> SET_BY_CONFIG_FILE = Map.of(
      "kube-apiserver --anonymous-auth", "kubestrap lets anonymous requests in only for /livez, /readyz and /healthz "
          + "through authentication-config.yaml, and kube-apiserver refuses --anonymous-auth next to it");

  private FlagOverrides() {}

  /**
   * @param allowedInsecure {@code "<component> <--flag>"} of each flag the caller allowed to be insecure
   */
  static Checked validate(Map<ComponentName, Map<String, String>> overrides, String kubernetesMinor, String etcdLine,
      Set<String> allowedInsecure) {
    Map<ComponentName, Map<String, String>> valid = new EnumMap<>(ComponentName.class);
    List<String> insecure = new ArrayList<>();
    Set<String> used = new HashSet<>();
    overrides.forEach((component, flags) -> {
      Map<String, String> normalized = new LinkedHashMap<>();
      flags.forEach((flag, value) -> {
        String name = FlagList.normalize(flag);
        String field = "extraFlags[" + component.id() + "] " + name;
        requirePrintable(field, value);
        known(component, name, kubernetesMinor, etcdLine);
        String byConfig = SET_BY_CONFIG_FILE.get(component.id() + " " + name);
        if (byConfig != null) {
          throw new InvalidSpecException(field + " cannot be set: '" + value + "' (" + byConfig + ")");
        }
        Optional<InsecureFlags.Rule> rule = InsecureFlags.check(component.id(), name, value);
        if (rule.isPresent()) {
          String key = component.id() + " " + name;
          String what = component.id() + " " + name + "=" + value + ": " + rule.get().effect();
          if (!allowedInsecure.contains(key)) {
            throw new InvalidSpecException(field + " is insecure: '" + value + "' " + rule.get().effect()
                + "; accept it with allowInsecure(" + component.name() + ", \"" + name + "\")");
          }
          used.add(key);
          insecure.add(what + " (allowInsecure)");
        }
        notDeprecated(component, name, kubernetesMinor, etcdLine);
        normalized.put(name, value);
      });
      valid.put(component, Collections.unmodifiableMap(normalized));
    });
    for (String key : allowedInsecure) {
      if (!used.contains(key)) {
        throw new InvalidSpecException("allowInsecure names a flag that extraFlags does not set to an insecure value: '"
            + key + "'");
      }
    }
    return new Checked(Collections.unmodifiableMap(valid), List.copyOf(insecure));
  }

  /** Refuses line breaks and other control characters, which would break the unit file the value goes into. */
  static void requirePrintable(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidSpecException(field + " has a control character (code " + (int) c + ") in its value: '"
            + value.replace("\n", "\\n").replace("\r", "\\r") + "'");
      }
    }
  }

  private static void known(ComponentName component, String flag, String kubernetesMinor, String etcdLine) {
    String field = "extraFlags[" + component.id() + "]";
    if (component == ComponentName.CONTAINERD || component == ComponentName.KUBE_APISERVER_LB) {
      throw new InvalidSpecException(field + " is not supported (" + component.id()
          + " is configured by its config file): " + flag);
    }
    if (listFor(component, kubernetesMinor, etcdLine).find(flag).isEmpty()) {
      throw new InvalidSpecException(field + " names a flag unknown to " + component.id() + " in "
          + where(component, kubernetesMinor, etcdLine) + ": " + flag);
    }
  }

  private static void notDeprecated(ComponentName component, String flag, String kubernetesMinor, String etcdLine) {
    Optional<Flag> known = listFor(component, kubernetesMinor, etcdLine).find(flag);
    if (known.isPresent() && known.get().deprecated()) {
      String hint = component == ComponentName.KUBELET
          && KubeletFlagDeprecations.forMinor(kubernetesMinor).reason(flag)
              .filter(r -> r == KubeletFlagDeprecations.Reason.CONFIG_FILE).isPresent()
          ? " (set it in KubeletConfiguration instead)"
          : "";
      throw new InvalidSpecException("extraFlags[" + component.id() + "] names a flag deprecated in "
          + where(component, kubernetesMinor, etcdLine) + ": " + flag + hint);
    }
  }

  private static String where(ComponentName component, String kubernetesMinor, String etcdLine) {
    return component == ComponentName.ETCD ? "etcd " + etcdLine : "Kubernetes " + kubernetesMinor;
  }

  static FlagList listFor(ComponentName component, String kubernetesMinor, String etcdLine) {
    return component == ComponentName.ETCD
        ? FlagList.etcd(etcdLine)
        : FlagList.kubernetes(component.id(), kubernetesMinor);
  }
}
