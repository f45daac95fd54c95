package dev.kubestrap.reference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why upstream marks a kubelet flag deprecated: {@link Reason#CONFIG_FILE} when the setting belongs in
 * {@code KubeletConfiguration}, {@link Reason#OTHER} when the flag is going away.
 */
public final class KubeletFlagDeprecations {

  /** The reason a kubelet flag is deprecated. */
  public enum Reason {
    /** Set the value in the {@code KubeletConfiguration} file instead. */
    CONFIG_FILE,
    /** The flag is deprecated or to be removed. */
    OTHER
  }

  private final Map<String, Reason> reasons;

  private KubeletFlagDeprecations(Map<String, Reason> reasons) {
    this.reasons = Collections.unmodifiableMap(reasons);
  }

  /** The deprecation reasons for a Kubernetes minor version ({@code 1.34}, {@code 1.35}, {@code 1.36}). */
  public static KubeletFlagDeprecations forMinor(String minor) {
    TsvResource tsv = TsvResource.load(KubernetesMinor.listDirectory(minor) + "kubelet-flag-deprecation-reason.tsv");
    Map<String, Reason> reasons = new LinkedHashMap<>();
    for (List<String> row : tsv.rows()) {
      String reason = tsv.column(row, 1);
      reasons.put(tsv.column(row, 0), switch (reason) {
        case "config-file" -> Reason.CONFIG_FILE;
        case "other" -> Reason.OTHER;
        default -> throw new ReferenceDataException("unknown kubelet deprecation reason in " + tsv.name() + ": " + reason);
      });
    }
    return new KubeletFlagDeprecations(reasons);
  }

  /** The reason {@code flag} (with leading dashes) is deprecated, if it is. */
  public Optional<Reason> reason(String flag) {
    return Optional.ofNullable(reasons.get(FlagList.normalize(flag)));
  }

  /** Every deprecated kubelet flag and its reason. */
  public Map<String, Reason> reasons() {
    return reasons;
  }
}
