package dev.kubestrap.spec;

import dev.kubestrap.reference.Flag;
import dev.kubestrap.reference.FlagList;
import dev.kubestrap.reference.KubeletFlagDeprecations;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Checks flag overrides against the official flag lists of the spec's versions. */
final class FlagOverrides {

  private FlagOverrides() {}

  static Map<ComponentName, Map<String, String>> validate(
      Map<ComponentName, Map<String, String>> overrides, String kubernetesMinor, String etcdLine) {
    Map<ComponentName, Map<String, String>> valid = new EnumMap<>(ComponentName.class);
    overrides.forEach((component, flags) -> {
      Map<String, String> normalized = new LinkedHashMap<>();
      flags.forEach((flag, value) -> {
        String name = FlagList.normalize(flag);
        check(component, name, kubernetesMinor, etcdLine);
        normalized.put(name, value);
      });
      valid.put(component, Collections.unmodifiableMap(normalized));
    });
    return Collections.unmodifiableMap(valid);
  }

  private static void check(ComponentName component, String flag, String kubernetesMinor, String etcdLine) {
    String field = "extraFlags[" + component.id() + "]";
    if (component == ComponentName.CONTAINERD) {
      throw new InvalidSpecException(field + " is not supported (containerd is configured by its config file): " + flag);
    }
    FlagList list = listFor(component, kubernetesMinor, etcdLine);
    String where = component == ComponentName.ETCD ? "etcd " + etcdLine : "Kubernetes " + kubernetesMinor;
    Optional<Flag> known = list.find(flag);
    if (known.isEmpty()) {
      throw new InvalidSpecException(field + " names a flag unknown to " + component.id() + " in " + where + ": " + flag);
    }
    if (known.get().deprecated()) {
      String hint = component == ComponentName.KUBELET
          && KubeletFlagDeprecations.forMinor(kubernetesMinor).reason(flag)
              .filter(r -> r == KubeletFlagDeprecations.Reason.CONFIG_FILE).isPresent()
          ? " (set it in KubeletConfiguration instead)"
          : "";
      throw new InvalidSpecException(field + " names a flag deprecated in " + where + ": " + flag + hint);
    }
  }

  static FlagList listFor(ComponentName component, String kubernetesMinor, String etcdLine) {
    return component == ComponentName.ETCD
        ? FlagList.etcd(etcdLine)
        : FlagList.kubernetes(component.id(), kubernetesMinor);
  }
}
